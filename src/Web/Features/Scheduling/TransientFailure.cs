using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AssessmentEngine.Web.Features.Scheduling;

/// <summary>Failures worth another attempt later: the database was busy, unreachable or slow. Anything else is a fault a retry repeats.</summary>
public static class TransientFailure
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case TimeoutException or SocketException:
                case NpgsqlException { IsTransient: true }:
                case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }:
                    return true;
                case PostgresException { SqlState: var state } when state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal):
                    return true;
            }
        }
        return false;
    }
}
