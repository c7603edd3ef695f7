/**
 * Snapshots: backups of whole trees in the object model of {@code docs/design.md}. A run walks the
 * paths, cuts files into chunks, stores each new chunk once in a pack, writes each directory as a
 * tree and the run as a snapshot; packs are coded and placed on n peers through the FileMap's
 * backup path. Restores a file or a tree of a snapshot, and lists snapshots ({@code
 * /api/snapshots}).
 *
 * <p>{@code boundary}: the JAX-RS resource ({@code Snapshots}) and its request and answer records.
 * {@code control}: no HTTP or JAX-RS types. {@code SnapshotStore} (the tables,
 * {@code @Transactional} JPA, one native bulk insert of a pack's blobs), {@code SnapshotRun} (a
 * backup), {@code PackUploads} (packs spooled, stored and recorded, a few at once), {@code
 * PackReader} (blobs read back out of packs), {@code TreeRestore} (a restore), {@code Prune},
 * {@code PathDeletion} (a path out of every snapshot). {@code entity}: {@code Pack}, {@code
 * Snapshot} (JPA).
 *
 * <p>Writes only its own tables: {@code pack}, {@code pack_fragment}, {@code blob}, {@code
 * snapshot}, {@code tree_cache}. The fragments of a pack that failed are handed to the FileMap's
 * removals ({@code filemap}).
 *
 * <p>May depend on {@code host}, {@code codec}, {@code packs}, {@code fragments}, {@code peers},
 * {@code filemap} (the backup of one object to n holders, removals, the busy paths) and {@code
 * recovery} (the restore of one object from k holders).
 */
package magnus.snapshots;
