using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>A person who signs in with a user name and password; scoped to a unit subtree and holding one role.</summary>
public sealed class UserAccount
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private UserAccount()
    {
        UserName = string.Empty;
        DisplayName = string.Empty;
        PasswordHash = string.Empty;
        SecurityStamp = string.Empty;
    }

    public UserAccount(string userName, string displayName, Role role, long? unitId, long? officerId, DateTime createdAt)
        : this()
    {
        UserName = userName;
        DisplayName = displayName;
        Role = role;
        UnitId = unitId;
        OfficerId = officerId;
        CreatedAt = createdAt;
        SecurityStamp = NewStamp();
    }

    public long Id { get; private set; }

    public string UserName { get; private set; }

    public string DisplayName { get; private set; }

    /// <summary>PBKDF2 hash in ASP.NET Core Identity's format (salt and iteration count inside).</summary>
    public string PasswordHash { get; private set; }

    public Role Role { get; private set; }

    /// <summary>Root of the unit subtree this user may reach; null is the whole detachment.</summary>
    public long? UnitId { get; private set; }

    /// <summary>For an Officer account, the officer whose results it sees.</summary>
    public long? OfficerId { get; private set; }

    /// <summary>Changes with the password, which ends every session signed in before.</summary>
    public string SecurityStamp { get; private set; }

    /// <summary>Wrong passwords in a row; counted by the sign-in with one atomic UPDATE, the fifth locks the account for <see cref="LockoutDuration"/>.</summary>
    public int FailedSignIns { get; private set; }

    public DateTime? LockedUntil { get; private set; }

    public DateTime? LastSignInAt { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>The password was set by someone else (an administrator, or generated at first start): the next sign-in must change it.</summary>
    public bool MustChangePassword { get; private set; }

    /// <summary>When an administrator disabled the account; a disabled account cannot sign in and its sessions end.</summary>
    public DateTime? DisabledAt { get; private set; }

    public bool IsDisabled => DisabledAt is not null;

    public bool IsLockedOut(DateTime now) => LockedUntil > now;

    /// <summary>Sets a new password; <paramref name="mustChange"/> when someone other than its owner chose it.</summary>
    public void ChangePasswordHash(string passwordHash, bool mustChange = false)
    {
        PasswordHash = passwordHash;
        MustChangePassword = mustChange;
        SecurityStamp = NewStamp();
        Unlock();
    }

    /// <summary>Disables the account; the new stamp ends every open session at its next request.</summary>
    public void Disable(DateTime now)
    {
        if (IsDisabled) return;
        DisabledAt = now;
        SecurityStamp = NewStamp();
    }

    public void Enable() => DisabledAt = null;

    public void RecordSignIn(DateTime now)
    {
        FailedSignIns = 0;
        LockedUntil = null;
        LastSignInAt = now;
    }

    public void Unlock()
    {
        FailedSignIns = 0;
        LockedUntil = null;
    }

    /// <summary>What the audit log and the API show of a user: never the password hash or the stamp.</summary>
    public UserView ToView() => new(Id, UserName, DisplayName, Role, UnitId, OfficerId, Utc(LockedUntil), MustChangePassword, Utc(DisabledAt), Utc(LastSignInAt));

    private static DateTime? Utc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;

    private static string NewStamp() => Guid.NewGuid().ToString("N");
}

public sealed record UserView(
    long Id, string UserName, string DisplayName, Role Role, long? UnitId, long? OfficerId, DateTime? LockedUntil,
    bool MustChangePassword = false, DateTime? DisabledAt = null, DateTime? LastSignInAt = null);

internal sealed class UserAccountConfiguration : IEntityTypeConfiguration<UserAccount>
{
    public void Configure(EntityTypeBuilder<UserAccount> builder)
    {
        builder.ToTable("user_accounts");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).HasColumnName("id").ValueGeneratedOnAdd();
        builder.Property(u => u.UserName).HasColumnName("user_name").HasMaxLength(CreateUser.MaxUserNameLength).IsRequired();
        builder.Property(u => u.DisplayName).HasColumnName("display_name").HasMaxLength(128).IsRequired();
        builder.Property(u => u.PasswordHash).HasColumnName("password_hash").IsRequired();
        builder.Property(u => u.Role).HasColumnName("role").HasConversion<string>().IsRequired();
        builder.Property(u => u.UnitId).HasColumnName("unit_id");
        builder.Property(u => u.OfficerId).HasColumnName("officer_id");
        builder.Property(u => u.SecurityStamp).HasColumnName("security_stamp").IsRequired();
        builder.Property(u => u.FailedSignIns).HasColumnName("failed_sign_ins");
        builder.Property(u => u.LockedUntil).HasColumnName("locked_until");
        builder.Property(u => u.LastSignInAt).HasColumnName("last_sign_in_at");
        builder.Property(u => u.CreatedAt).HasColumnName("created_at");
        builder.Property(u => u.MustChangePassword).HasColumnName("must_change_password");
        builder.Property(u => u.DisabledAt).HasColumnName("disabled_at");
        builder.Ignore(u => u.IsDisabled);
        builder.HasIndex(u => u.UserName).IsUnique().HasDatabaseName("ux_user_accounts_user_name");
    }
}
