using System.Text.Json;
using AssessmentEngine.Domain;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace AssessmentEngine.Web.Tests.Infrastructure.Mediator;

public sealed class RequestFailureTests
{
    public static TheoryData<string, int, string, string, string> Failures => new()
    {
        { "NotFound", 404, "OutcomeNotFound", "Outcome 7 was not found.", "处理结果 7 不存在或不在您的权限范围内。" },
        { "Conflict", 409, "TokenRevoked", "Token 7 is revoked; issue a new one instead of rotating it.", "令牌 7 已吊销；请签发新令牌，不能轮换。" },
        { "Domain", 422, "OutcomeMustBeProposed", "This outcome has already been reviewed.", "该处理结果已审批过，不能再次审批。" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failure_becomes_a_problem_with_its_status_code_and_words_in_the_readers_language(string kind, int status, string code, string english, string chinese)
    {
        Exception Failure() => kind switch
        {
            "NotFound" => new NotFoundException(code, "Outcome 7 was not found.", 7),
            "Conflict" => new ConflictException(code, "Token 7 is revoked; issue a new one instead of rotating it.", 7),
            _ => new DomainException(code, "This outcome has already been reviewed."),
        };

        var (handled, response, zh) = await Handle(Failure(), "zh-CN");
        var (_, _, en) = await Handle(Failure(), "en");

        handled.Should().BeTrue();
        response.StatusCode.Should().Be(status);
        zh.GetProperty("status").GetInt32().Should().Be(status);
        (zh.GetProperty("code").GetString(), zh.GetProperty("language").GetString(), zh.GetProperty("detail").GetString()).Should().Be((code, "zh-CN", chinese));
        (en.GetProperty("code").GetString(), en.GetProperty("language").GetString(), en.GetProperty("detail").GetString()).Should().Be((code, "en", english));
        zh.GetProperty("title").GetString().Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}");
    }

    [Fact]
    public async Task A_validation_failure_is_a_400_with_every_error_by_field_and_its_code()
    {
        var errors = new ValidationErrors();
        errors.Add("take", "TakeRange", "take is between 1 and 1000.", 1000);
        errors.Add("page", "PageFromOne", "Pages start at 1.");
        errors.Add("page", "PageSizeRange", "A page holds 1 to 50 rows.", 50);

        var (_, response, zh) = await Handle(new ValidationException(errors), "zh-CN");
        var (_, _, en) = await Handle(new ValidationException(errors), "en-GB,en;q=0.9");

        response.StatusCode.Should().Be(400);
        zh.GetProperty("errors").GetProperty("page").EnumerateArray().Select(e => e.GetString()).Should().Equal("页码从 1 开始。", "每页 1 到 50 行。");
        zh.GetProperty("codes").GetProperty("page").EnumerateArray().Select(e => e.GetString()).Should().Equal("PageFromOne", "PageSizeRange");
        zh.GetProperty("title").GetString().Should().Be("请求中有字段不正确");
        en.GetProperty("errors").GetProperty("take")[0].GetString().Should().Be("take is between 1 and 1000.");
        en.GetProperty("messages").GetProperty("take")[0].GetString().Should().Be("take is between 1 and 1000.");
    }

    [Fact]
    public async Task Any_other_exception_is_left_to_the_default_500_handling()
    {
        var (handled, _, _) = await Handle(new InvalidOperationException("bug"), "en");

        handled.Should().BeFalse();
    }

    private static async Task<(bool Handled, HttpResponse Response, JsonElement Problem)> Handle(Exception exception, string language)
    {
        await using var services = new ServiceCollection().AddLogging().AddLocalization().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Headers.AcceptLanguage = language;
        context.Response.Body = new MemoryStream();
        var words = new ReaderWords(services.GetRequiredService<IStringLocalizer<SharedResource>>());
        var handler = new RequestFailureHandler(services.GetRequiredService<IProblemDetailsService>(), words);

        var handled = await handler.TryHandleAsync(context, exception, CancellationToken.None);

        context.Response.Body.Position = 0;
        var problem = handled ? await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body) : default;
        return (handled, context.Response, problem);
    }
}
