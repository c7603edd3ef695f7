/**
 * Packs: the byte formats of the snapshot object model (docs/design.md), with no I/O of their own
 * beyond the streams they are given. A file's contents are cut into chunks at content-defined
 * boundaries ({@link magnus.packs.Chunker}), each named by a keyed hash ({@link
 * magnus.packs.ChunkKeys}), so that the same bytes get the same name for one owner and no holder
 * can test a guess; new chunks are laid end to end in packs that carry their own index ({@link
 * magnus.packs.PackWriter}, {@link magnus.packs.PackIndex}), and a pack, not a file, is what is
 * erasure-coded and placed on peers. A directory is a {@link magnus.packs.Tree}, stored as a blob
 * too.
 *
 * <p>Depends on nothing but the JDK and JSON-B (for trees): the components that store and read
 * packs depend on it, never the other way round.
 */
package magnus.packs;
