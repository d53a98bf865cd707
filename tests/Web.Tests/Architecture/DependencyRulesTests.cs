using System.Reflection;
using AssessmentEngine.Web.Infrastructure.Security;
using NetArchTest.Rules;

namespace AssessmentEngine.Web.Tests.Architecture;

/// <summary>The direction of dependencies (docs/design.md "Shape", docs/adr/0024): one rule per test, naming the types that break it.</summary>
public sealed class DependencyRulesTests
{
    private static readonly Assembly Web = typeof(Program).Assembly;

    [Theory]
    [InlineData(typeof(AssessmentEngine.Domain.DomainException), "AssessmentEngine.Rules")]
    [InlineData(typeof(AssessmentEngine.Rules.RuleEngine), "AssessmentEngine.Domain")]
    public void Domain_and_Rules_reference_no_project(Type anyTypeOfTheProject, string theOther)
    {
        var assembly = anyTypeOfTheProject.Assembly;

        var projects = assembly.GetReferencedAssemblies().Select(a => a.Name).Where(n => n!.StartsWith("AssessmentEngine.", StringComparison.Ordinal));
        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(theOther, "AssessmentEngine.Web", "AssessmentEngine.Client").GetResult();

        projects.Should().BeEmpty();
        Failing(result).Should().BeEmpty();
    }

    [Theory]
    [InlineData("AssessmentEngine.Web.Infrastructure")]
    [InlineData("AssessmentEngine.Web.Persistence")]
    public void Infrastructure_and_persistence_do_not_use_the_features_or_the_pages(string layer)
    {
        var result = Types.InAssembly(Web).That().ResideInNamespaceMatching(Within(layer))
            .ShouldNot().HaveDependencyOnAny("AssessmentEngine.Web.Features", "AssessmentEngine.Web.Pages").GetResult();

        Failing(result).Should().BeEmpty();
    }

    [Fact]
    public void Features_do_not_use_the_pages()
    {
        var result = Types.InAssembly(Web).That().ResideInNamespaceMatching(Within("AssessmentEngine.Web.Features"))
            .ShouldNot().HaveDependencyOnAny("AssessmentEngine.Web.Pages").GetResult();

        Failing(result).Should().BeEmpty();
    }

    [Fact]
    public void The_rules_see_dependencies_where_they_are_allowed_so_a_pass_is_not_vacuous()
    {
        var pages = Types.InAssembly(Web).That().ResideInNamespaceMatching(Within("AssessmentEngine.Web.Pages"))
            .ShouldNot().HaveDependencyOnAny("AssessmentEngine.Web.Features").GetResult();

        Failing(pages).Should().Contain("AssessmentEngine.Web.Pages.PageAreas");
    }

    [Fact]
    public void Every_request_declares_the_roles_that_may_send_it_except_signing_in_and_out_and_start_up()
    {
        var requests = Web.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)));

        var undeclared = requests.Where(t => AllowedRoles.DeclaredOn(t) is null).Select(t => t.Name);

        requests.Should().HaveCountGreaterThan(40);
        undeclared.Should().BeEquivalentTo("SignIn", "SignOut", "CreateInitialAdmin");
    }

    private static string Within(string root) => "^" + System.Text.RegularExpressions.Regex.Escape(root) + @"(\.|$)";

    private static IEnumerable<string> Failing(TestResult result) => result.FailingTypes?.Select(t => t.FullName) ?? [];
}
