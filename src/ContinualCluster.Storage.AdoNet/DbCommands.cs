using System.Data;
using System.Data.Common;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Storage.AdoNet;

/// <summary>Terse command building for the stores: SQL with @name parameters, values added by name.</summary>
internal static class DbCommands
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = transaction;
        return cmd;
    }

    public static DbCommand With(this DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
        return cmd;
    }

    public static DbCommand WithBlob(this DbCommand cmd, string name, byte[] value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.DbType = DbType.Binary;
        p.Value = value;
        cmd.Parameters.Add(p);
        return cmd;
    }

    /// <summary>Adds @t and @k, the two key columns of a grain.</summary>
    public static DbCommand WithGrain(this DbCommand cmd, GrainId grain) => cmd.With("t", grain.Type).With("k", grain.Key);

    /// <summary>Starts a write transaction (SQLite: BEGIN IMMEDIATE, so it holds the write lock from the start).</summary>
    public static async Task<DbTransaction> BeginWriteAsync(this DbConnection connection, SqlDialect dialect, int lockClass, string key, CancellationToken ct)
    {
        var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        if (dialect.KeyLockSql(lockClass) is { } sql)
        {
            try
            {
                await using var cmd = connection.Command(sql, tx).With("lock_key", key);
                await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch
            {
                await tx.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        return tx;
    }
}
