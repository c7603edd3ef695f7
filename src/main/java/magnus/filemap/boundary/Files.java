package magnus.filemap.boundary;

import static magnus.host.boundary.Problems.problem;

import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import magnus.filemap.entity.FileEntry;
import magnus.filemap.entity.FragmentLocation;
import magnus.host.control.CachedJson;
import magnus.peers.control.PeerDirectory;
import magnus.peers.entity.PeerDescriptor;

/**
 * The files this peer has backed up: list them with their health, list the versions of one, and
 * delete one (docs/api.md).
 */
@Path("files")
@Produces(MediaType.APPLICATION_JSON)
public class Files {

  @Inject FileMap fileMap;
  @Inject Removals removals;
  @Inject PeerDirectory directory;

  /** The newest version of every file under a path prefix, with its health. */
  @GET
  public String list(@QueryParam("path") String prefix) {
    return json(fileMap.newestUnder(prefix == null ? "" : prefix));
  }

  /** Every version of one path, oldest first. */
  @GET
  @Path("versions")
  public String versions(@QueryParam("path") String path) {
    List<FileEntry> versions = fileMap.versions(required(path));
    if (versions.isEmpty()) {
      throw problem(404, "no backup of " + path + "; bin/magnus ls lists what is backed up");
    }
    return json(versions);
  }

  /** Deletes every version of a path; holders are told to remove the fragments. */
  @DELETE
  public String delete(@QueryParam("path") String path) {
    List<FileEntry> deleted = fileMap.delete(required(path));
    if (deleted.isEmpty()) {
      throw problem(404, "no backup of " + path + "; bin/magnus ls lists what is backed up");
    }
    long pending = removals.drain();
    return CachedJson.createObjectBuilder()
        .add("path", path)
        .add("versions", deleted.size())
        .add("fragments", deleted.stream().mapToInt(e -> e.fragments().size()).sum())
        .add("pendingRemovals", pending)
        .build()
        .toString();
  }

  private static String required(String path) {
    if (path == null || path.isBlank()) {
      throw problem(400, "the query parameter path is missing; give the file's absolute path");
    }
    return path;
  }

  private String json(List<FileEntry> entries) {
    Set<String> live =
        directory.live().stream().map(PeerDescriptor::id).collect(Collectors.toSet());
    JsonArrayBuilder array = CachedJson.createArrayBuilder();
    for (FileEntry e : entries) {
      array.add(describe(e, live));
    }
    return array.build().toString();
  }

  static JsonObject describe(FileEntry e, Set<String> live) {
    long fragmentsLive =
        e.fragments().stream().map(FragmentLocation::peerId).filter(live::contains).count();
    return CachedJson.createObjectBuilder()
        .add("path", e.path())
        .add("version", e.version())
        .add("versions", e.version())
        .add("size", e.size())
        .add("sha256", e.sha256())
        .add("storedAt", e.createdAt().toString())
        .add("mtime", Instant.ofEpochMilli(e.mtimeMillis()).toString())
        .add("mode", e.mode())
        .add("k", e.k())
        .add("n", e.n())
        .add("fragmentsLive", fragmentsLive)
        .build();
  }
}
