using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>
/// One signed-in session, named by the random id its cookie carries. Signing out ends it here, in the shared database,
/// so a copy of the cookie stops working on every node, not only in the browser that signed out.
/// </summary>
public sealed class UserSession
{
    public const int IdLength = 43; // 32 random bytes, base64url without padding

    private UserSession()
    {
        Id = string.Empty;
    }

    public string Id { get; private set; }

    public long UserId { get; private set; }

    public DateTime StartedAt { get; private set; }

    public DateTime? EndedAt { get; private set; }

    public static UserSession Start(long userId, DateTime now) =>
        new() { Id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)), UserId = userId, StartedAt = now };
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("user_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasColumnName("id").HasMaxLength(64).ValueGeneratedNever();
        builder.Property(s => s.UserId).HasColumnName("user_id");
        builder.Property(s => s.StartedAt).HasColumnName("started_at");
        builder.Property(s => s.EndedAt).HasColumnName("ended_at");
        builder.HasIndex(s => s.UserId).HasDatabaseName("ix_user_sessions_user_id");
    }
}
