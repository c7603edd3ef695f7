package magnus.cli.boundary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import magnus.cli.control.CodecFiles;
import magnus.codec.FragmentEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code magnus codec decode}: any k fragment files back into the file. */
@Command(
    name = "decode",
    description = {
      "Rebuild a file from any k or more of its fragment files, as written by 'magnus codec"
          + " encode'; each fragment's index is the numeric suffix of its name (NAME.<i>).",
      "OUTFILE appears only once it is complete; a failed decode leaves none."
    })
class DecodeCommand extends CodecSubcommand {
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
      names = "--size",
      required = true,
      paramLabel = "BYTES",
      description = "Size of the original file in bytes (printed by encode).")
  long size;

  @Option(
      names = "--segment-size",
      paramLabel = "BYTES",
      description = "File bytes coded per stripe, as given to encode (default: ${DEFAULT-VALUE}).")
  int segmentSize = FragmentEncoder.DEFAULT_SEGMENT_SIZE;

  @Parameters(index = "0", paramLabel = "OUTFILE", description = "Where to write the file.")
  Path outFile;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "FRAGMENT",
      description = "Fragment files NAME.<i>, at least k with distinct indexes.")
  List<Path> fragments;

  @Override
  void run() throws IOException {
    new CodecFiles(err(), stderrIsTerminal()).decode(outFile, fragments, k, n, size, segmentSize);
    out().printf("decoded %s (%d bytes)%n", outFile, size);
    out().flush();
  }
}
