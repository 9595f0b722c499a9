using System.Data.Common;

namespace Strangler.V4Backend.Infrastructure;

/// <summary>
/// One INSERT for many rows: the command and its parameters are created and prepared once, and each
/// row only rebinds the parameter values, so the statement is compiled once per table rather than
/// once per row.
/// </summary>
internal sealed class PreparedInsert : IAsyncDisposable
{
    private readonly DbCommand _command;

    private PreparedInsert(DbCommand command) => _command = command;

    public static async Task<PreparedInsert> CreateAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        var command = connection.Command(
            $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})", transaction);
        foreach (var column in columns)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + column;
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }

        await command.PrepareAsync(cancellationToken);
        return new PreparedInsert(command);
    }

    /// <param name="values">One value per column, in column order; null is SQL NULL.</param>
    public Task<int> InsertAsync(IReadOnlyList<object?> values, CancellationToken cancellationToken)
    {
        for (var i = 0; i < values.Count; i++)
        {
            _command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return _command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
