using System.Globalization;
using System.Text;
using System.Text.Json;
using AssessmentEngine.Domain.Periods;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AssessmentEngine.Web.Persistence;

/// <summary>How domain values are stored, the same way on both providers wherever the providers allow.</summary>
internal static class StoreConventions
{
    private static readonly TimeSpan ShanghaiOffset = TimeSpan.FromHours(8);

    /// <summary>
    /// Instants are read back at +08:00 (China has no daylight saving). SQLite keeps them as Unix milliseconds so that
    /// range filters and ordering run in SQL; PostgreSQL keeps timestamptz, which Npgsql only accepts in UTC.
    /// </summary>
    public static ValueConverter<DateTimeOffset, long> InstantAsUnixMilliseconds { get; } = new(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v).ToOffset(ShanghaiOffset));

    public static ValueConverter<DateTimeOffset, DateTimeOffset> InstantAsUtc { get; } = new(
        v => v.ToUniversalTime(),
        v => v.ToOffset(ShanghaiOffset));

    public static ValueConverter<AssessmentPeriod, string> PeriodAsKey { get; } = new(
        v => v.Key,
        v => AssessmentPeriod.Parse(v, CultureInfo.InvariantCulture));

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General) { WriteIndented = false };

    /// <summary>Maps a private List&lt;T&gt; backing field to one JSON text column (value objects that are never queried by part).</summary>
    public static void JsonListField<TEntity, TItem>(this EntityTypeBuilder<TEntity> builder, string field, string column)
        where TEntity : class
    {
        var comparer = new ValueComparer<List<TItem>>(
            (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
            v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<List<TItem>>(JsonSerializer.Serialize(v, Json), Json)!);
        builder.Property<List<TItem>>(field)
            .HasField(field)
            .UsePropertyAccessMode(PropertyAccessMode.Field)
            .HasColumnName(column)
            .HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => JsonSerializer.Deserialize<List<TItem>>(v, Json) ?? new List<TItem>(),
                comparer)
            .IsRequired();
    }

    /// <summary>A value object stored as one JSON text column.</summary>
    public static ValueConverter<T?, string?> JsonValue<T>()
        where T : class =>
        new(v => v == null ? null : JsonSerializer.Serialize(v, Json), v => v == null ? null : JsonSerializer.Deserialize<T>(v, Json));

    /// <summary>snake_case tables and columns, enums as their names, instants and periods converted per provider.</summary>
    public static void Apply(ModelBuilder modelBuilder, bool isSqlite)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table && !entity.IsOwned())
                entity.SetTableName(SnakeCase(table));
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.GetColumnName().TrimStart('_')));
                var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
                if (property.GetValueConverter() is not null)
                    continue;
                if (type == typeof(DateTimeOffset))
                    property.SetValueConverter(isSqlite ? InstantAsUnixMilliseconds : InstantAsUtc);
                else if (type == typeof(AssessmentPeriod))
                    property.SetValueConverter(PeriodAsKey);
                else if (type.IsEnum)
                    property.SetValueConverter(typeof(EnumToStringConverter<>).MakeGenericType(type));
            }
            foreach (var key in entity.GetKeys())
                key.SetName(SnakeCase(key.GetName() ?? $"pk_{entity.GetTableName()}"));
            foreach (var index in entity.GetIndexes())
                index.SetDatabaseName(SnakeCase(index.GetDatabaseName() ?? $"ix_{entity.GetTableName()}"));
            foreach (var foreignKey in entity.GetForeignKeys())
                foreignKey.SetConstraintName(SnakeCase(foreignKey.GetConstraintName() ?? $"fk_{entity.GetTableName()}"));
        }
    }

    public static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                    builder.Append('_');
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
