using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Tests.Infrastructure;

namespace AssessmentEngine.Web.Tests.Validation;

/// <summary>
/// Over real HTTP, a refused request answers in the reader's language (Accept-Language): per-field errors, title and detail
/// in Chinese or English, each with its code; nothing the reader gets is the server's English or a .NET type name (ADR 33).
/// </summary>
public sealed class ReaderLanguageTests(SqliteApp fixture) : IClassFixture<SqliteApp>
{
    private const string Chinese = "zh-CN,zh;q=0.9";
    private const string English = "en-US,en;q=0.9";

    private TestApp App => fixture.App;

    [Fact]
    public async Task An_empty_rule_file_is_refused_by_field_in_Chinese_or_English_with_its_code()
    {
        var inspector = await App.SignInAsync(Role.Inspector);

        var zh = await SendAsync(inspector, HttpMethod.Post, "/api/rulesets/validate", new { content = "" }, Chinese, HttpStatusCode.BadRequest);
        var en = await SendAsync(inspector, HttpMethod.Post, "/api/rulesets/validate", new { content = "" }, English, HttpStatusCode.BadRequest);

        Field(zh, "errors", "content").Should().Be("规则文件为空。");
        Field(zh, "messages", "content").Should().Be("规则文件为空。");
        Field(zh, "codes", "content").Should().Be("RuleFileEmpty");
        (zh.GetProperty("title").GetString(), zh.GetProperty("language").GetString()).Should().Be(("请求中有字段不正确", "zh-CN"));
        Field(en, "errors", "content").Should().Be("The rule file is empty.");
        Field(en, "codes", "content").Should().Be("RuleFileEmpty");
        en.GetProperty("title").GetString().Should().Be("One or more fields are invalid");
    }

    [Fact]
    public async Task An_over_long_text_field_names_the_field_its_limit_and_what_was_sent()
    {
        var admin = await App.AdminAsync();
        var route = $"/api/appeals/{Guid.NewGuid()}/reject";
        var body = new { reason = new string('字', 2001) };

        var zh = await SendAsync(admin, HttpMethod.Post, route, body, Chinese, HttpStatusCode.BadRequest);
        var en = await SendAsync(admin, HttpMethod.Post, route, body, English, HttpStatusCode.BadRequest);

        Field(zh, "errors", "reason").Should().Be("reason 最多 2000 个字符，实际提交了 2001 个。");
        Field(zh, "codes", "reason").Should().Be("TextTooLong");
        Field(en, "errors", "reason").Should().Be("reason has at most 2000 characters; 2001 were sent.");
    }

    [Fact]
    public async Task An_unknown_run_is_a_404_whose_title_and_detail_are_in_the_readers_language()
    {
        var admin = await App.AdminAsync();
        var id = Guid.NewGuid();

        var zh = await SendAsync(admin, HttpMethod.Get, $"/api/runs/{id}", null, Chinese, HttpStatusCode.NotFound);
        var en = await SendAsync(admin, HttpMethod.Get, $"/api/runs/{id}", null, English, HttpStatusCode.NotFound);

        (zh.GetProperty("code").GetString(), zh.GetProperty("title").GetString(), zh.GetProperty("detail").GetString()).Should().Be(("RunNotFound", "未找到", $"考核运行 {id} 不存在。"));
        (en.GetProperty("code").GetString(), en.GetProperty("title").GetString(), en.GetProperty("detail").GetString()).Should().Be(("RunNotFound", "Not found", $"Run {id} does not exist."));
    }

    [Fact]
    public async Task A_period_without_a_scheme_in_force_is_a_404_that_says_so_in_the_readers_language()
    {
        var leader = await App.SignInAsync(Role.Leader);

        var zh = await SendAsync(leader, HttpMethod.Post, "/api/runs", new { period = "2019-12" }, Chinese, HttpStatusCode.NotFound);
        var en = await SendAsync(leader, HttpMethod.Post, "/api/runs", new { period = "2019-12" }, English, HttpStatusCode.NotFound);

        (zh.GetProperty("code").GetString(), zh.GetProperty("detail").GetString()).Should().Be(("NoMonthlySchemeInForce", "2019-12 没有生效的月度民警考核方案；请启用一个生效期不晚于 2019-12 的方案。"));
        en.GetProperty("detail").GetString().Should().Be("No monthly officer scheme is in force for 2019-12; activate one with an effective-from period on or before 2019-12.");
    }

    [Fact]
    public async Task An_unknown_enum_value_lists_the_values_allowed_in_the_readers_language()
    {
        var admin = await App.AdminAsync();
        var body = new { userName = "words-chief", displayName = "王五", role = "Chief", password = TestApp.Password };

        var zh = await SendAsync(admin, HttpMethod.Post, "/api/users", body, Chinese, HttpStatusCode.BadRequest);
        var en = await SendAsync(admin, HttpMethod.Post, "/api/users", body, English, HttpStatusCode.BadRequest);

        var allowed = string.Join(", ", Enum.GetNames<Role>());
        Field(zh, "errors", "role").Should().Be($"“Chief”不是可取的值；可取的值为：{allowed}。");
        Field(zh, "codes", "role").Should().Be("UnknownName");
        Field(en, "errors", "role").Should().Be($"'Chief' is not one of {allowed}.");
    }

    [Fact]
    public async Task Malformed_json_says_where_it_breaks_in_the_readers_language()
    {
        using var client = App.CreateClient();
        const string Body = "{\"userName\": \"admin\", \"password\": }";

        var zh = await SendRawAsync(client, Body, Chinese);
        var en = await SendRawAsync(client, Body, English);

        (zh.GetProperty("code").GetString(), zh.GetProperty("title").GetString()).Should().Be(("MalformedJson", "JSON 格式错误"));
        zh.GetProperty("detail").GetString().Should().MatchRegex(@"^请求正文在 \$\.password 附近不是有效的 JSON（第 0 行，第 \d+ 字节）。$");
        en.GetProperty("detail").GetString().Should().MatchRegex(@"^The body is not valid JSON near \$\.password \(line 0, byte \d+\)\.$");
    }

    [Fact]
    public async Task A_wrong_typed_field_names_the_field_without_a_dotnet_type()
    {
        using var client = App.CreateClient();
        const string Body = "{\"userName\": 5, \"password\": \"x\"}";

        var zh = await SendRawAsync(client, Body, Chinese);
        var en = await SendRawAsync(client, Body, English);

        zh.GetProperty("code").GetString().Should().Be("WrongJsonType");
        zh.GetProperty("detail").GetString().Should().MatchRegex(@"^\$\.userName 处的值类型不符合该字段（第 0 行，第 \d+ 字节）。$");
        en.GetProperty("detail").GetString().Should().MatchRegex(@"^The value at \$\.userName has the wrong type for that field \(line 0, byte \d+\)\.$");
        (zh.GetRawText() + en.GetRawText()).Should().NotContain("System.");
    }

    [Fact]
    public async Task Statuses_the_framework_answers_itself_are_worded_in_the_readers_language_with_a_code()
    {
        using var anonymous = App.CreateClient();
        var officer = await App.SignInAsync(Role.Officer);

        var signIn = await SendAsync(anonymous, HttpMethod.Get, "/api/runs", null, Chinese, HttpStatusCode.Unauthorized);
        var role = await SendAsync(officer, HttpMethod.Get, "/api/users", null, Chinese, HttpStatusCode.Forbidden);
        var roleEn = await SendAsync(officer, HttpMethod.Get, "/api/users", null, English, HttpStatusCode.Forbidden);
        var address = await SendAsync(officer, HttpMethod.Get, "/api/runs/99999", null, Chinese, HttpStatusCode.NotFound);
        var method = await SendAsync(officer, HttpMethod.Delete, "/api/auth/me", null, Chinese, HttpStatusCode.MethodNotAllowed);

        (signIn.GetProperty("code").GetString(), signIn.GetProperty("title").GetString()).Should().Be(("SignInFirst", "未登录"));
        signIn.GetProperty("detail").GetString().Should().StartWith("请先登录");
        (role.GetProperty("code").GetString(), role.GetProperty("title").GetString(), role.GetProperty("detail").GetString())
            .Should().Be(("RoleNotAllowed", "无权操作", "此操作仅限管理员；您的角色是民警。"));
        roleEn.GetProperty("detail").GetString().Should().Be("This request is for Admin; your role is Officer.");
        (address.GetProperty("code").GetString(), address.GetProperty("detail").GetString()).Should().Be(("NoSuchAddress", "没有与 GET /api/runs/99999 对应的接口。"));
        (method.GetProperty("code").GetString(), method.GetProperty("title").GetString(), method.GetProperty("detail").GetString())
            .Should().Be(("MethodNotAllowed", "不支持该请求方法", "/api/auth/me 不接受 DELETE 请求。"));
    }

    private static string? Field(JsonElement problem, string property, string field) => problem.GetProperty(property).GetProperty(field)[0].GetString();

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string url, object? body, string language, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, text);
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    private static async Task<JsonElement> SendRawAsync(HttpClient client, string body, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        return JsonSerializer.Deserialize<JsonElement>(text);
    }
}
