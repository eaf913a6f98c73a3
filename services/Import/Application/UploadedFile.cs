namespace Sacoche.Import.Application;

/// <summary>A file received by an upload, as the use cases see it (no HTTP type): its name, length and content.</summary>
public sealed record UploadedFile(string FileName, long Length, Func<Stream> OpenRead);
