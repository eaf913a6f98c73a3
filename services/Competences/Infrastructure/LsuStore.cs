using System.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Sacoche.Competences.Infrastructure;

/// <summary>
/// The stored LSU files, bytes streamed both ways: the insert sends the file stream as the bytea parameter, the download
/// reads the column with sequential access (neither holds the whole file in memory).
/// </summary>
public static class LsuStore
{
    /// <summary>Inserts the export (its <see cref="LsuExport.Content"/> is ignored: the bytes come from <paramref name="content"/>) and returns its id.</summary>
    public static async Task<long> InsertAsync(CompetencesDbContext db, LsuExport export, Stream content, CancellationToken ct)
    {
        var connection = await db.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(
                """
                INSERT INTO lsu_exports (establishment_id, file_name, sha256, size, content, period_ids, class_codes, cycle_bilans,
                    students, periodic_bilans, cycle_bilan_count, created_by, created_at)
                VALUES (@establishment, @fileName, @sha256, @size, @content, @periodIds, @classCodes, @cycleBilans,
                    @students, @periodicBilans, @cycleBilanCount, @createdBy, @createdAt)
                RETURNING id
                """, connection);
            command.Parameters.AddWithValue("establishment", export.EstablishmentId);
            command.Parameters.AddWithValue("fileName", export.FileName);
            command.Parameters.AddWithValue("sha256", export.Sha256);
            command.Parameters.AddWithValue("size", export.Size);
            command.Parameters.Add(new NpgsqlParameter("content", NpgsqlDbType.Bytea) { Value = content, Size = checked((int)export.Size) });
            command.Parameters.AddWithValue("periodIds", export.PeriodIds);
            command.Parameters.AddWithValue("classCodes", export.ClassCodes);
            command.Parameters.AddWithValue("cycleBilans", export.CycleBilans);
            command.Parameters.AddWithValue("students", export.Students);
            command.Parameters.AddWithValue("periodicBilans", export.PeriodicBilans);
            command.Parameters.AddWithValue("cycleBilanCount", export.CycleBilanCount);
            command.Parameters.AddWithValue("createdBy", export.CreatedBy);
            command.Parameters.AddWithValue("createdAt", export.CreatedAt);
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Copies the stored bytes of the export to <paramref name="destination"/>; false when there is no such export in the establishment.</summary>
    public static async Task<bool> CopyContentAsync(CompetencesDbContext db, int establishmentId, long id, Stream destination, CancellationToken ct)
    {
        var connection = await db.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand("SELECT content FROM lsu_exports WHERE establishment_id = @establishment AND id = @id", connection);
            command.Parameters.AddWithValue("establishment", establishmentId);
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow, ct);
            if (!await reader.ReadAsync(ct))
            {
                return false;
            }
            await using var content = await reader.GetStreamAsync(0, ct);
            await content.CopyToAsync(destination, 64 * 1024, ct);
            return true;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
