using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>
/// A bearer token for a machine client (connector, job runner). Only its SHA-256 hash is stored, with the first
/// characters as a look-up prefix; the token text is shown once, when it is issued.
/// </summary>
public sealed class ApiToken
{
    public const string TextPrefix = "ae_";
    private const int PrefixLength = 11; // "ae_" and 8 random characters: enough to find the row, far too little to guess the rest.
    private const int RandomBytes = 32;

    private ApiToken()
    {
        Name = string.Empty;
        Prefix = string.Empty;
        Hash = string.Empty;
        CreatedBy = string.Empty;
    }

    public long Id { get; private set; }

    public string Name { get; private set; }

    public string Prefix { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the whole token text.</summary>
    public string Hash { get; private set; }

    public Role Role { get; private set; }

    /// <summary>Root of the unit subtree the client may reach; null is the whole detachment.</summary>
    public long? UnitId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTime? LastUsedAt { get; private set; }

    public DateTime? RevokedAt { get; private set; }

    public string? RevokedBy { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Creates a token; the returned text is the only copy of the secret.</summary>
    public static (ApiToken Token, string Text) Issue(string name, Role role, long? unitId, string createdBy, DateTime now)
    {
        var text = TextPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));
        var token = new ApiToken
        {
            Name = name,
            Prefix = PrefixOf(text),
            Hash = HashOf(text),
            Role = role,
            UnitId = unitId,
            CreatedAt = now,
            CreatedBy = createdBy,
        };
        return (token, text);
    }

    public static bool LooksLikeToken(string text) =>
        text.StartsWith(TextPrefix, StringComparison.Ordinal) && text.Length > PrefixLength && text.Length <= 128;

    public static string PrefixOf(string text) => text[..PrefixLength];

    public static string HashOf(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public bool Matches(string text) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash), Encoding.ASCII.GetBytes(HashOf(text)));

    /// <summary>The token with <paramref name="id"/> if the caller's scope reaches its unit; otherwise 404, as if it did not exist.</summary>
    public static async Task<ApiToken> FindInScopeAsync(Persistence.AssessmentDbContext db, CurrentActor actor, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var token = await db.Set<ApiToken>().FindAsync([id], cancellationToken);
        if (token is null || !await actor.CanReachUnitAsync(token.UnitId, cancellationToken))
            throw new Infrastructure.Mediator.NotFoundException("TokenNotFound", $"API token {id} was not found.", id);
        return token;
    }

    public void Revoke(string by, DateTime now)
    {
        if (IsRevoked) return;
        RevokedAt = now;
        RevokedBy = by;
    }

    public ApiTokenView ToView() => new(Id, Name, Prefix, Role, UnitId, Utc(CreatedAt)!.Value, CreatedBy, Utc(LastUsedAt), Utc(RevokedAt), RevokedBy);

    private static DateTime? Utc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;
}

public sealed record ApiTokenView(long Id, string Name, string Prefix, Role Role, long? UnitId, DateTime CreatedAt, string CreatedBy,
    DateTime? LastUsedAt, DateTime? RevokedAt, string? RevokedBy);

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("api_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasColumnName("id").ValueGeneratedOnAdd();
        builder.Property(t => t.Name).HasColumnName("name").HasMaxLength(CreateApiToken.MaxNameLength).IsRequired();
        builder.Property(t => t.Prefix).HasColumnName("token_prefix").IsRequired();
        builder.Property(t => t.Hash).HasColumnName("token_hash").IsRequired();
        builder.Property(t => t.Role).HasColumnName("role").HasConversion<string>().IsRequired();
        builder.Property(t => t.UnitId).HasColumnName("unit_id");
        builder.Property(t => t.CreatedAt).HasColumnName("created_at");
        builder.Property(t => t.CreatedBy).HasColumnName("created_by").IsRequired();
        builder.Property(t => t.LastUsedAt).HasColumnName("last_used_at");
        builder.Property(t => t.RevokedAt).HasColumnName("revoked_at");
        builder.Property(t => t.RevokedBy).HasColumnName("revoked_by");
        builder.Ignore(t => t.IsRevoked);
        builder.HasIndex(t => t.Prefix).HasDatabaseName("ix_api_tokens_token_prefix");
        builder.HasIndex(t => t.Hash).IsUnique().HasDatabaseName("ux_api_tokens_token_hash");
    }
}
