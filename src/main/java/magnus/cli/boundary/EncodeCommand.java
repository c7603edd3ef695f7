package magnus.cli.boundary;

import java.io.IOException;
import java.nio.file.Path;
import magnus.cli.control.CodecFiles;
import magnus.codec.FragmentEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code magnus codec encode}: a file into n fragment files. */
@Command(
    name = "encode",
    description = {
      "Cut FILE into n fragments, any k of which rebuild it, written as OUTDIR/<file name>.<i>"
          + " for i = 0..n-1 (raw, no header). Fragments 0..k-1 are the data itself.",
      "Nothing is left half-written: fragments appear only once all are complete."
    })
class EncodeCommand extends CodecSubcommand {
  @Option(
      names = "--k",
      required = true,
      paramLabel = "K",
      description = "Fragments needed to rebuild the file.")
  int k;

  @Option(
      names = "--n",
      required = true,
      paramLabel = "N",
      description = "Fragments made (<= 256).")
  int n;

  @Option(
      names = "--segment-size",
      paramLabel = "BYTES",
      description = "File bytes coded per stripe (default: ${DEFAULT-VALUE}).")
  int segmentSize = FragmentEncoder.DEFAULT_SEGMENT_SIZE;

  @Parameters(index = "0", paramLabel = "FILE", description = "The file to encode.")
  Path file;

  @Parameters(
      index = "1",
      paramLabel = "OUTDIR",
      description = "Directory for the fragments; created if missing.")
  Path outDir;

  @Override
  void run() throws IOException {
    CodecFiles.Encoded result =
        new CodecFiles(err(), stderrIsTerminal()).encode(file, outDir, k, n, segmentSize);
    String name = file.getFileName().toString();
    out()
        .printf(
            "encoded %s (%d bytes) into %d fragments of %d bytes: %s%n",
            name,
            result.fileSize(),
            n,
            result.fragmentSize(),
            outDir.resolve(name) + ".{0.." + (n - 1) + "}");
    out()
        .printf(
            "decode with: magnus codec decode --k %d --n %d --size %d%s OUTFILE FRAGMENT...%n",
            k,
            n,
            result.fileSize(),
            segmentSize == FragmentEncoder.DEFAULT_SEGMENT_SIZE
                ? ""
                : " --segment-size " + segmentSize);
    out().flush();
  }
}
