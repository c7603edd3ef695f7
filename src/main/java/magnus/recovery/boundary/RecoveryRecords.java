package magnus.recovery.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import magnus.host.control.PeerDataSource;
import magnus.recovery.control.RecoveredFragment;

/**
 * What recovery runs keep in the database: the runs, each file's state in a run, and the FileMap
 * rows rebuilt from the holders. Every method is one transaction. Rows go in and change in batches
 * (one statement per batch, with arrays), because a rebuild meets hundreds of thousands of
 * fragments and must never cost a round trip per file.
 */
@Stateless
public class RecoveryRecords {

  @Resource(lookup = PeerDataSource.JNDI_NAME)
  DataSource dataSource;

  /** A run as stored. */
  public record Run(long id, String kind, String destination, String phase, long startedMillis) {}

  /** Files of a run by state, and their bytes. */
  public record Counts(Map<String, Long> files, Map<String, Long> bytes) {
    public long files(String state) {
      return files.getOrDefault(state, 0L);
    }

    public long bytes(String state) {
      return bytes.getOrDefault(state, 0L);
    }

    public long totalFiles() {
      return files.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalBytes() {
      return bytes.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** A file of a run that is not finished, with its state and why. */
  public record Open(long fileEntryId, String path, String state, String detail) {}

  /** The run that is not done, if there is one. */
  public Optional<Run> active() {
    return runs("WHERE phase <> 'done' ORDER BY id LIMIT 1").stream().findFirst();
  }

  /** The newest run, done or not. */
  public Optional<Run> latest() {
    return runs("ORDER BY id DESC LIMIT 1").stream().findFirst();
  }

  /** Whether a whole-host recovery was ever started on this database. */
  public boolean hostRunExists() {
    return !runs("WHERE kind = 'host' LIMIT 1").isEmpty();
  }

  /** Starts a run in the given phase. */
  public Run start(String kind, String destination, String phase) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO recovery_run (kind, destination, phase) VALUES (?, ?, ?)"
                    + " RETURNING id, kind, destination, phase, started_at")) {
      s.setString(1, kind);
      s.setString(2, destination);
      s.setString(3, phase);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return run(rs);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start a recovery run: " + e.getMessage(), e);
    }
  }

  /** Moves a run to its next phase. */
  public void phase(long runId, String phase) {
    update(
        "UPDATE recovery_run SET phase = ?, finished_at = CASE WHEN ?::text = 'done' THEN now() END"
            + " WHERE id = ?",
        phase,
        phase,
        runId);
  }

  /**
   * Adds one page of fragments found on holders to the FileMap: the entries (a version already
   * there is kept as it is) and the fragment locations (ditto). Two statements for the whole page.
   *
   * @return the entries added
   */
  public int addToFileMap(List<RecoveredFragment> page) {
    Map<String, RecoveredFragment> files = new LinkedHashMap<>();
    for (RecoveredFragment f : page) {
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
    for (RecoveredFragment f : files.values()) {
      path[i] = f.path();
      fileId[i] = f.header().fileId();
      sha[i] = f.sha256();
      version[i] = f.header().version();
      k[i] = f.header().k();
      n[i] = f.header().n();
      segment[i] = f.header().segmentSize();
      mode[i] = f.mode();
      size[i] = f.header().fileSize();
      mtime[i] = f.mtimeMillis();
      stored[i] = f.storedAtMillis();
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
      RecoveredFragment f = page.get(j);
      fFileId[j] = f.header().fileId();
      fHolder[j] = f.holder();
      fSha[j] = f.header().sha256();
      fVersion[j] = f.header().version();
      fIndex[j] = f.header().index();
      fLength[j] = f.header().length();
    }
    try (Connection c = dataSource.getConnection()) {
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

  /** Puts the newest version of every path in the FileMap into the run, as pending files. */
  public long queueNewest(long runId) {
    return update(
        "INSERT INTO recovery_file (run_id, file_entry_id, state, size)"
            + " SELECT ?, e.id, 'pending', e.size FROM file_entry e"
            + " WHERE e.version = (SELECT MAX(o.version) FROM file_entry o WHERE o.path = e.path)"
            + " ON CONFLICT DO NOTHING",
        runId);
  }

  /** Files of the run in the given state, at most {@code limit}, in id order. */
  public List<Long> files(long runId, String state, int limit) {
    List<Long> ids = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT file_entry_id FROM recovery_file WHERE run_id = ? AND state = ?"
                    + " ORDER BY file_entry_id LIMIT ?")) {
      s.setLong(1, runId);
      s.setString(2, state);
      s.setInt(3, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read recovery files: " + e.getMessage(), e);
    }
    return ids;
  }

  /** Moves waiting files of the run back to pending, to be tried again. */
  public long retryWaiting(long runId) {
    return update(
        "UPDATE recovery_file SET state = 'pending', updated_at = now()"
            + " WHERE run_id = ? AND state = 'waiting'",
        runId);
  }

  /** Records the outcome of one file. */
  public void mark(long runId, long fileEntryId, String state, String detail) {
    update(
        "UPDATE recovery_file SET state = ?, detail = ?, updated_at = now()"
            + " WHERE run_id = ? AND file_entry_id = ?",
        state,
        detail,
        runId,
        fileEntryId);
  }

  /** How many files (and bytes) of the run are in each state. */
  public Counts counts(long runId) {
    Map<String, Long> files = new LinkedHashMap<>();
    Map<String, Long> bytes = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT state, count(*), coalesce(sum(size), 0) FROM recovery_file"
                    + " WHERE run_id = ? GROUP BY state")) {
      s.setLong(1, runId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          files.put(rs.getString(1), rs.getLong(2));
          bytes.put(rs.getString(1), rs.getLong(3));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count recovery files: " + e.getMessage(), e);
    }
    return new Counts(files, bytes);
  }

  /** Files of the run that could not be recovered (yet), with why; at most {@code limit}. */
  public List<Open> problems(long runId, int limit) {
    List<Open> open = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT f.file_entry_id, e.path, f.state, f.detail FROM recovery_file f"
                    + " JOIN file_entry e ON e.id = f.file_entry_id"
                    + " WHERE f.run_id = ? AND f.state IN ('waiting', 'conflict', 'failed')"
                    + " ORDER BY e.path LIMIT ?")) {
      s.setLong(1, runId);
      s.setInt(2, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          open.add(new Open(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read recovery problems: " + e.getMessage(), e);
    }
    return open;
  }

  private List<Run> runs(String where) {
    List<Run> runs = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, kind, destination, phase, started_at FROM recovery_run " + where);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        runs.add(run(rs));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read recovery runs: " + e.getMessage(), e);
    }
    return runs;
  }

  private static Run run(ResultSet rs) throws SQLException {
    return new Run(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getTimestamp(5).getTime());
  }

  private long update(String sql, Object... parameters) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot update recovery records: " + e.getMessage(), e);
    }
  }
}
