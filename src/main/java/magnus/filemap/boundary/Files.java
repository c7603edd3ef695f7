package magnus.filemap.boundary;

import static magnus.host.boundary.Problems.problem;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import magnus.filemap.control.FileMap;
import magnus.filemap.control.Removals;
import magnus.filemap.entity.FileEntry;
import magnus.peers.control.PeerDirectory;
import magnus.peers.entity.PeerDescriptor;

/**
 * The files this peer has backed up: list them with their health, list the versions of one, and
 * delete one (docs/api.md).
 */
@Path("files")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class Files {

  static final String PATH_MISSING =
      "the query parameter path is missing; give the file's absolute path";

  @Inject FileMap fileMap;
  @Inject Removals removals;
  @Inject PeerDirectory directory;

  /** The newest version of every file under a path prefix, with its health. */
  @GET
  public List<StoredVersion> list(@QueryParam("path") String prefix) {
    return listed(fileMap.newestUnder(prefix == null ? "" : prefix));
  }

  /** Every version of one path, oldest first. */
  @GET
  @Path("versions")
  public List<StoredVersion> versions(@QueryParam("path") String path) {
    List<FileEntry> versions = fileMap.versions(required(path));
    if (versions.isEmpty()) {
      throw problem(404, "no backup of " + path + "; bin/magnus ls lists what is backed up");
    }
    return listed(versions);
  }

  /** Deletes every version of a path; holders are told to remove the fragments. */
  @DELETE
  public Deletion delete(@QueryParam("path") String path) {
    List<FileEntry> deleted = fileMap.delete(required(path));
    if (deleted.isEmpty()) {
      throw problem(404, "no backup of " + path + "; bin/magnus ls lists what is backed up");
    }
    long pending = removals.drain();
    return new Deletion(
        path, deleted.size(), deleted.stream().mapToInt(e -> e.fragments().size()).sum(), pending);
  }

  /**
   * The path of a query. Checked here rather than with a constraint on the parameter: Payara's
   * OpenAPI reads a constraint on a query parameter as one on a path parameter, and fails.
   */
  private static String required(String path) {
    if (path == null || path.isBlank()) {
      throw problem(400, PATH_MISSING);
    }
    return path;
  }

  private List<StoredVersion> listed(List<FileEntry> entries) {
    Set<String> live =
        directory.live().stream().map(PeerDescriptor::id).collect(Collectors.toSet());
    return entries.stream().map(e -> StoredVersion.of(e, live)).toList();
  }
}
