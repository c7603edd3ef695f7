package magnus.filemap.boundary;

/**
 * What a delete did (DELETE /api/files).
 *
 * @param path the path deleted
 * @param versions versions deleted from the FileMap
 * @param fragments their fragments, every one of which its holder is told to remove
 * @param pendingRemovals removals not confirmed yet (holders offline now are told later)
 */
public record Deletion(String path, int versions, int fragments, long pendingRemovals) {}
