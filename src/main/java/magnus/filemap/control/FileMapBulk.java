package magnus.filemap.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import magnus.filemap.entity.FoundFragment;
import magnus.filemap.entity.OwnerMetadata;
import magnus.fragments.entity.FragmentHeader;

/**
 * Puts what a FileMap rebuild found on the holders into the FileMap ({@code file_entry} and {@code
 * fragment_location}), a page at a time, for the Recovery Manager.
 *
 * <p>Why native SQL here, and only here: a rebuild meets hundreds of thousands of fragments. One
 * {@code INSERT ... SELECT FROM unnest(arrays)} per table and page costs two round trips for
 * thousands of rows; with JPA, one row each, the rebuild of 101,000 versions took 37.8 s. The
 * statements run on the connection of the JPA transaction, so they commit or roll back with it.
 */
@ApplicationScoped
public class FileMapBulk {

  @PersistenceContext(unitName = "magnus")
  EntityManager em;

  /**
   * Adds one page of fragments found on holders to the FileMap: the entries (a version already
   * there is kept as it is) and the fragment locations (ditto). Two statements for the whole page,
   * in one transaction.
   *
   * @return the entries added
   */
  @Transactional
  public int add(List<FoundFragment> page) {
    Map<String, FoundFragment> files = new LinkedHashMap<>();
    for (FoundFragment f : page) {
      files.putIfAbsent(f.header().fileId() + "/" + f.header().version(), f);
    }
    int m = files.size();
    String[] path = new String[m];
    String[] fileId = new String[m];
    String[] sha = new String[m];
    Integer[] version = new Integer[m];
    Integer[] k = new Integer[m];
    Integer[] n = new Integer[m];
    Integer[] segment = new Integer[m];
    Integer[] mode = new Integer[m];
    Long[] size = new Long[m];
    Long[] mtime = new Long[m];
    Long[] stored = new Long[m];
    int i = 0;
    for (FoundFragment f : files.values()) {
      FragmentHeader h = f.header();
      OwnerMetadata o = f.owner();
      path[i] = o.path();
      fileId[i] = h.fileId();
      sha[i] = o.sha256();
      version[i] = h.version();
      k[i] = h.k();
      n[i] = h.n();
      segment[i] = h.segmentSize();
      mode[i] = o.mode();
      size[i] = h.fileSize();
      mtime[i] = o.mtimeMillis();
      stored[i] = o.storedAtMillis();
      i++;
    }
    int p = page.size();
    String[] fFileId = new String[p];
    String[] fHolder = new String[p];
    String[] fSha = new String[p];
    Integer[] fVersion = new Integer[p];
    Integer[] fIndex = new Integer[p];
    Long[] fLength = new Long[p];
    for (int j = 0; j < p; j++) {
      FoundFragment f = page.get(j);
      fFileId[j] = f.header().fileId();
      fHolder[j] = f.holder();
      fSha[j] = f.header().sha256();
      fVersion[j] = f.header().version();
      fIndex[j] = f.header().index();
      fLength[j] = f.header().length();
    }
    Connection c = em.unwrap(Connection.class);
    try {
      int added;
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO file_entry (path, version, k, n, size, sha256, created_at, file_id,"
                  + " segment_size, mtime_millis, mode)"
                  + " SELECT u.path, u.version, u.k::smallint, u.n::smallint, u.size, u.sha,"
                  + " CASE WHEN u.stored > 0 THEN to_timestamp(u.stored / 1000.0) ELSE now() END,"
                  + " u.file_id, u.segment, u.mtime, u.mode"
                  + " FROM unnest(?::text[], ?::int[], ?::int[], ?::int[], ?::bigint[], ?::text[],"
                  + " ?::bigint[], ?::text[], ?::int[], ?::bigint[], ?::int[])"
                  + " AS u(path, version, k, n, size, sha, stored, file_id, segment, mtime, mode)"
                  + " ON CONFLICT DO NOTHING")) {
        s.setArray(1, c.createArrayOf("text", path));
        s.setArray(2, c.createArrayOf("int4", version));
        s.setArray(3, c.createArrayOf("int4", k));
        s.setArray(4, c.createArrayOf("int4", n));
        s.setArray(5, c.createArrayOf("int8", size));
        s.setArray(6, c.createArrayOf("text", sha));
        s.setArray(7, c.createArrayOf("int8", stored));
        s.setArray(8, c.createArrayOf("text", fileId));
        s.setArray(9, c.createArrayOf("int4", segment));
        s.setArray(10, c.createArrayOf("int8", mtime));
        s.setArray(11, c.createArrayOf("int4", mode));
        added = s.executeUpdate();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO fragment_location (file_entry_id, fragment_index, peer_id, length,"
                  + " sha256)"
                  + " SELECT e.id, u.idx::smallint, u.holder, u.length, u.sha"
                  + " FROM unnest(?::text[], ?::int[], ?::int[], ?::text[], ?::bigint[], ?::text[])"
                  + " AS u(file_id, version, idx, holder, length, sha)"
                  + " JOIN file_entry e ON e.file_id = u.file_id AND e.version = u.version"
                  + " ON CONFLICT DO NOTHING")) {
        s.setArray(1, c.createArrayOf("text", fFileId));
        s.setArray(2, c.createArrayOf("int4", fVersion));
        s.setArray(3, c.createArrayOf("int4", fIndex));
        s.setArray(4, c.createArrayOf("text", fHolder));
        s.setArray(5, c.createArrayOf("int8", fLength));
        s.setArray(6, c.createArrayOf("text", fSha));
        s.executeUpdate();
      }
      return added;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot add to the FileMap: " + e.getMessage(), e);
    }
  }
}
