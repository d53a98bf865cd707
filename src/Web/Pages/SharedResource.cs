namespace AssessmentEngine.Web.Pages;

/// <summary>
/// Marker for the strings every page shares: SharedResource.resx (简体中文, the default) and SharedResource.en.resx.
/// Views get it as <c>T</c> from _ViewImports; page models inject <c>IStringLocalizer&lt;SharedResource&gt;</c>.
/// </summary>
#pragma warning disable CA1052 // a type argument for IStringLocalizer<T>, never instantiated
public sealed class SharedResource;
#pragma warning restore CA1052
