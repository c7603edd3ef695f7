/**
 * Recovery Manager: gets files back from their fragments. Restores one file (any version, to any
 * destination) from k of its holders, checking every fragment's hash and falling back to other
 * holders ({@code POST /api/restores}); after the loss of the disk, rebuilds this peer's FileMap
 * from the holders and restores every file by itself, resumably; runs drills into another directory
 * ({@code /api/recovery}).
 *
 * <p>{@code boundary}: the JAX-RS resources ({@code Restores}, {@code Recoveries}), request-scoped
 * CDI beans that only turn requests (JSON-B records with Bean Validation) into calls of control
 * beans and failures into statuses; the timer that gives recovery its turn ({@code
 * RecoverySchedule}); the answer and request records. {@code control}: no HTTP or JAX-RS types.
 * {@code FileRestore} (one file), {@code RestoreRun} (a restore's events), {@code Recovery} (runs:
 * detection of a lost disk, rebuild, restores a few at once, retries), {@code FileMapRebuild}
 * (reads holders' headers in pages), {@code RecoveryRecords} ({@code @Transactional} JPA, one
 * native statement to queue a run's files). {@code entity}: {@code RecoveryRun}, {@code
 * RecoveryFile} (JPA) and the enums of run kinds, phases and file states.
 *
 * <p>Writes only its own tables: {@code recovery_run} and {@code recovery_file}. It reads {@code
 * file_entry}, and {@code pack} to tell a peer with snapshots from one that lost its disk; the
 * FileMap rows a rebuild finds are written by {@code filemap} ({@code FileMapBulk}).
 *
 * <p>May depend on {@code host}, {@code codec}, {@code units}, {@code fragments}, {@code peers} and
 * {@code filemap}.
 */
package magnus.recovery;
