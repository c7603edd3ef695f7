/**
 * FileMap: what this peer has stored on others. One entry per backed-up version of a path, holding
 * the code (k, n), the size and SHA-256 of the file, its mtime and mode, and for each fragment the
 * peer that holds it; backups of files and trees ({@code POST /api/backups}); listing and delete
 * ({@code /api/files}), with removals kept until an offline holder confirms.
 *
 * <p>{@code boundary}: the JAX-RS resources ({@code Backups}, {@code Files}), request-scoped CDI
 * beans that only turn requests (JSON-B records with Bean Validation) into calls of control beans
 * and failures into statuses; the timer that retries removals ({@code RemovalSchedule}); the answer
 * and request records; {@code EventStreaming}, which lets event streams out as written. {@code
 * control}: no HTTP or JAX-RS types. {@code FileMap} (the entries, {@code @Transactional}), {@code
 * FileMapBulk} (the rebuild's bulk insert, native SQL on the JPA transaction's connection, the one
 * measured bulk path), {@code BackupRun} (a backup of many files, a few at once), {@code
 * FileBackup} (one file to n holders), {@code BusyPaths} (a path is backed up by one backup at a
 * time), {@code Removals}. {@code entity}: {@code FileEntry}, {@code FragmentLocation}, {@code
 * PendingRemoval} (JPA), and {@code OwnerMetadata}, the one record of what the owner writes into
 * each fragment's metadata and reads back after the loss of its disk.
 *
 * <p>Writes only its own tables: {@code file_entry}, {@code fragment_location}, {@code
 * pending_removal}; through JPA, except the bulk insert of a rebuild ({@code FileMapBulk}, called
 * by {@code recovery}).
 *
 * <p>May depend on {@code host}, {@code codec}, {@code fragments} (the peer protocol's client and
 * headers) and {@code peers} (the live peers, placement).
 */
package magnus.filemap;
