namespace Halos.Models.Hub;

/// <summary>What a HEAD on <c>/{repo}/resolve/{revision}/{file}</c> tells us before any bytes
/// move: the commit the revision points at (X-Repo-Commit), the blob's checksum name
/// (X-Linked-Etag for LFS, else ETag) and its size (X-Linked-Size, else Content-Length).</summary>
public sealed record HubFileMetadata(string Commit, string Etag, long? Size);
