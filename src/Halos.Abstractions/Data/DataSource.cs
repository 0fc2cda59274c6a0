using Halos.Abstractions.Losses;
using Microsoft.Extensions.Configuration;

namespace Halos.Abstractions.Data;

/// <summary>
/// What a loader is asked to read: <see cref="Location"/> (a file, a folder, or anything the loader
/// understands, as written in <c>Data:Train</c> / <c>Data:Eval</c>), the <see cref="Kind"/> the run's
/// loss consumes, the loader's options section (<c>Data:Options</c>) and an example cap (0 = all).
/// </summary>
/// <see cref="OnBadRow"/> is <c>Data:OnBadRow</c> (<c>error</c> or <c>skip</c>), when set.
public sealed record DataSource(string Location, DataKind Kind, IConfiguration Options, long Limit = 0, string? OnBadRow = null);
