using AssessmentEngine.Web.Infrastructure.Mediator;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>What a new password must look like; length over composition, as current guidance (NIST SP 800-63B) advises.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 256;

    public static void Check(string? password, string field, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(password))
            errors.Add(field, "PasswordRequired", "A password is required.");
        else if (password.Length < MinLength)
            errors.Add(field, "PasswordTooShort", $"A password needs at least {MinLength} characters.", MinLength);
        else if (password.Length > MaxLength)
            errors.Add(field, "PasswordTooLong", $"A password has at most {MaxLength} characters.", MaxLength);
    }
}
