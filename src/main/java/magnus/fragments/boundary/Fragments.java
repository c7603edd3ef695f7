package magnus.fragments.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import magnus.fragments.control.FragmentException;
import magnus.fragments.control.FragmentHeaders;
import magnus.fragments.control.FragmentRules;
import magnus.fragments.control.FragmentStore;
import magnus.fragments.entity.FragmentHeader;
import magnus.host.boundary.Problems;
import magnus.host.control.CachedJson;
import magnus.host.control.DirectRead;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.annotation.Counted;
import org.eclipse.microprofile.metrics.annotation.Metric;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The peer protocol's fragment calls: store, retrieve, remove and query ({@code docs/protocol.md}).
 * The wire adapter of the FileDatabase: it turns the {@code Magnus-*} headers, path segments, query
 * parameters and the store's JSON trailer into domain values ({@link FragmentHeaders}) and hands
 * them to {@link FragmentStore}; {@link FragmentProblems} turns what the store refuses into status
 * codes. Bodies stream both ways. The store commits each row before it returns, so a 201 or 204
 * follows the commit. Input is checked by hand: Bean Validation on JAX-RS parameters breaks
 * Payara's OpenAPI document.
 */
@Path("fragments")
@RequestScoped
public class Fragments {

  /**
   * Fragment bytes this peer has sent, whole fragments and ranges alike: what a restore costs the
   * holders, which ranged retrieves exist to keep small.
   */
  @Inject
  @Metric(
      name = "fragments.served.bytes",
      absolute = true,
      description = "Fragment bytes sent by retrieves, whole and ranged")
  Counter served;

  @Inject FragmentStore store;

  /** Stores a fragment: 201 with its header once its file is fsynced and its row committed. */
  @POST
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Store a fragment",
      description =
          "The body is the fragment's bytes, and with Magnus-Trailer: json a JSON trailer of"
              + " sha256 and metadata; its header travels in the Magnus-* headers (rules in"
              + " docs/protocol.md). Answered 201 only after the file is fsynced and renamed into"
              + " place and its row committed.")
  @Parameters({
    @Parameter(name = FragmentHeaders.OWNER, in = ParameterIn.HEADER, required = true),
    @Parameter(name = FragmentHeaders.FILE_ID, in = ParameterIn.HEADER, required = true),
    @Parameter(name = FragmentHeaders.VERSION, in = ParameterIn.HEADER, required = true),
    @Parameter(name = FragmentHeaders.INDEX, in = ParameterIn.HEADER, required = true),
    @Parameter(name = FragmentHeaders.K, in = ParameterIn.HEADER, required = true),
    @Parameter(name = FragmentHeaders.N, in = ParameterIn.HEADER, required = true),
    @Parameter(name = FragmentHeaders.FILE_SIZE, in = ParameterIn.HEADER, required = true),
    @Parameter(name = FragmentHeaders.SEGMENT_SIZE, in = ParameterIn.HEADER, required = true),
    @Parameter(name = FragmentHeaders.LENGTH, in = ParameterIn.HEADER, required = true),
    @Parameter(name = FragmentHeaders.SHA256, in = ParameterIn.HEADER),
    @Parameter(name = FragmentHeaders.METADATA, in = ParameterIn.HEADER),
    @Parameter(
        name = FragmentHeaders.TRAILER,
        in = ParameterIn.HEADER,
        description = "json: Magnus-Sha256 and Magnus-Metadata follow the body in a JSON trailer")
  })
  @APIResponse(responseCode = "201", description = "Stored durably; the header as JSON")
  @APIResponse(responseCode = "400", description = "Bad header, or body not matching it")
  @APIResponse(responseCode = "503", description = "Starting: files not yet reconciled")
  @APIResponse(responseCode = "507", description = "Over the capacity this peer offers")
  public Response store(@Context HttpHeaders headers, InputStream body) {
    FragmentHeader header = FragmentHeaders.fromHttp(headers::getHeaderString);
    FragmentHeader stored = store.store(header, body, () -> FragmentHeaders.readEnd(header, body));
    return Response.status(Response.Status.CREATED)
        .entity(FragmentHeaders.toJson(stored).toString())
        .build();
  }

  /** Streams a held fragment back, its header in the {@code Magnus-*} headers. */
  @GET
  @Operation(summary = "Retrieve a fragment: its bytes, its header in the Magnus-* headers")
  @APIResponse(responseCode = "200", description = "The fragment's bytes")
  @APIResponse(responseCode = "206", description = "The bytes of the one range asked for")
  @APIResponse(responseCode = "416", description = "The range starts past the fragment's end")
  @APIResponse(responseCode = "404", description = "Not held here")
  @Path("{owner}/{fileId}/{version}/{index}")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  @Counted(
      name = "fragments.retrieved",
      absolute = true,
      description = "Fragment retrievals asked of this peer, served or not")
  public Response retrieve(
      @PathParam("owner") String owner,
      @PathParam("fileId") String fileId,
      @PathParam("version") String version,
      @PathParam("index") String index,
      @HeaderParam("Range") String range) {
    FragmentStore.Held held =
        store.retrieve(
            owner,
            fileId,
            FragmentRules.wholeNumber("version", version),
            FragmentRules.wholeNumber("index", index));
    long size = held.header().length();
    Optional<ByteRange> part;
    try {
      part = ByteRange.parse(range, size);
    } catch (ByteRange.Refused refused) {
      if (!refused.unsatisfiable) {
        throw FragmentException.invalid(refused.getMessage());
      }
      return Response.fromResponse(Problems.of(416, refused.getMessage()))
          .header("Content-Range", "bytes */" + size)
          .build();
    }
    StreamingOutput out;
    try {
      // Opened now, so that a concurrent replacement cannot change what this answer streams.
      out = part.isEmpty() ? whole(held.file()) : range(held.file(), part.get());
    } catch (IOException e) {
      throw FragmentException.failed("cannot read the fragment file " + held.file() + ": " + e, e);
    }
    Response.ResponseBuilder response =
        part.isEmpty()
            ? Response.ok(out, MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_LENGTH, size)
            : Response.status(206)
                .entity(out)
                .type(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_LENGTH, part.get().length())
                .header("Content-Range", part.get().contentRange(size));
    for (Map.Entry<String, String> h : FragmentHeaders.toHttp(held.header()).entrySet()) {
      response.header(h.getKey(), h.getValue());
    }
    return response.build();
  }

  /** The whole fragment, read past the page cache ({@link DirectRead}). */
  private StreamingOutput whole(java.nio.file.Path file) throws IOException {
    InputStream in = DirectRead.open(file);
    return output -> {
      try (InputStream source = in) {
        served.inc(source.transferTo(output));
      }
    };
  }

  /**
   * A range, sent by the channel from its offset, through the page cache: a direct read would have
   * to start and end on aligned blocks, and a range is most often a few kilobytes.
   */
  private StreamingOutput range(java.nio.file.Path file, ByteRange range) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    return output -> {
      try (FileChannel source = channel) {
        WritableByteChannel sink = Channels.newChannel(output);
        long sent = 0;
        while (sent < range.length()) {
          long n = source.transferTo(range.first() + sent, range.length() - sent, sink);
          if (n <= 0) {
            throw new IOException(
                "the fragment file " + file + " ended after " + (range.first() + sent) + " bytes");
          }
          sent += n;
        }
        served.inc(sent);
      }
    };
  }

  /** Drops a fragment: 204, also when this peer did not hold it. */
  @DELETE
  @Operation(summary = "Remove a fragment; 204 also when it was not held")
  @Path("{owner}/{fileId}/{version}/{index}")
  public Response remove(
      @PathParam("owner") String owner,
      @PathParam("fileId") String fileId,
      @PathParam("version") String version,
      @PathParam("index") String index) {
    store.remove(
        owner,
        fileId,
        FragmentRules.wholeNumber("version", version),
        FragmentRules.wholeNumber("index", index));
    return Response.noContent().build();
  }

  /** One page of the headers held for an owner, with the cursor of the next page. */
  @GET
  @Operation(
      summary = "Query the fragments held for an owner",
      description =
          "One page {fragments: [header...], next: cursor or null}, in (fileId, version, index)"
              + " order; pass next as after for the following page. limit 1 to 10000, default"
              + " 1000.")
  @Produces(MediaType.APPLICATION_JSON)
  public Response query(
      @QueryParam("owner") String owner,
      @QueryParam("after") String after,
      @QueryParam("limit") String limit) {
    long size =
        limit == null || limit.isBlank()
            ? FragmentStore.DEFAULT_PAGE
            : FragmentRules.wholeNumber("limit", limit);
    FragmentStore.Page page =
        store.page(
            owner,
            after == null || after.isEmpty() ? null : FragmentStore.Cursor.parse(after),
            size);
    JsonArrayBuilder fragments = CachedJson.createArrayBuilder();
    page.fragments().forEach(h -> fragments.add(FragmentHeaders.toJson(h)));
    var json = CachedJson.createObjectBuilder().add("fragments", fragments);
    if (page.next() == null) {
      json.addNull("next");
    } else {
      json.add("next", page.next().toString());
    }
    return Response.ok(json.build().toString()).build();
  }
}
