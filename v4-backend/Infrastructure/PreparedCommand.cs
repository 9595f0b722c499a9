using System.Data.Common;

namespace Strangler.V4Backend.Infrastructure;

/// <summary>
/// One statement for many rows (bulk inserts and backfills): the command and its parameters are
/// created and prepared once, and each row only rebinds the parameter values, so the statement is
/// compiled once rather than once per row.
/// </summary>
internal sealed class PreparedCommand : IAsyncDisposable
{
    private readonly DbCommand _command;

    private PreparedCommand(DbCommand command) => _command = command;

    /// <param name="parameters">The parameter names used in <paramref name="sql"/>, in the order values will be given.</param>
    public static async Task<PreparedCommand> CreateAsync(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<string> parameters, CancellationToken cancellationToken)
    {
        var command = connection.Command(sql, transaction);
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }

        await command.PrepareAsync(cancellationToken);
        return new PreparedCommand(command);
    }

    /// <summary>An INSERT of the given columns, each bound to a parameter of the same name.</summary>
    public static Task<PreparedCommand> InsertAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns, CancellationToken cancellationToken) =>
        CreateAsync(
            connection,
            transaction,
            $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})",
            columns.Select(c => "@" + c).ToArray(),
            cancellationToken);

    /// <param name="values">One value per parameter, in the order they were declared; null is SQL NULL.</param>
    public Task<int> ExecuteAsync(IReadOnlyList<object?> values, CancellationToken cancellationToken)
    {
        for (var i = 0; i < values.Count; i++)
        {
            _command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return _command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
