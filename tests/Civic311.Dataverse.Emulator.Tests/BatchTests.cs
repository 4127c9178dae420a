using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Civic311.Dataverse.Emulator.Tests;

public sealed class BatchTests : EmulatorTestBase
{
    private async Task<(HttpResponseMessage Response, string Body)> BatchAsync(string body, string boundary = "batch_AAA123", bool continueOnError = false)
    {
        var content = new StringContent(body.ReplaceLineEndings("\r\n"), Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"multipart/mixed; boundary=\"{boundary}\"");
        using var request = new HttpRequestMessage(HttpMethod.Post, "$batch") { Content = content };
        if (continueOnError)
        {
            request.Headers.Add("Prefer", "odata.continue-on-error");
        }

        var response = await Client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ChangeSet_CommitsEveryOperationAndResolvesContentIdReferences()
    {
        var (response, body) = await BatchAsync($$"""
            --batch_AAA123
            Content-Type: multipart/mixed; boundary=changeset_BBB456

            --changeset_BBB456
            Content-Type: application/http
            Content-Transfer-Encoding: binary
            Content-ID: 1

            POST {{Emulator.BaseAddress}}contacts HTTP/1.1
            Content-Type: application/json; type=entry

            {"firstname":"Ana","lastname":"Lopez"}
            --changeset_BBB456
            Content-Type: application/http
            Content-Transfer-Encoding: binary
            Content-ID: 2

            POST /api/data/v9.2/incidents HTTP/1.1
            Content-Type: application/json; type=entry

            {"title":"Graffiti","customerid_contact@odata.bind":"$1"}
            --changeset_BBB456
            Content-Type: application/http
            Content-Transfer-Encoding: binary
            Content-ID: 3

            PATCH $1 HTTP/1.1
            Content-Type: application/json

            {"telephone1":"555-0100"}
            --changeset_BBB456--

            --batch_AAA123
            Content-Type: application/http
            Content-Transfer-Encoding: binary

            GET contacts?$select=firstname,telephone1 HTTP/1.1


            --batch_AAA123--
            """);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var boundary = Regex.Match(response.Content.Headers.ContentType!.ToString(), "boundary=(batchresponse_[0-9a-f-]{36})").Groups[1].Value;
        boundary.Should().NotBeEmpty();
        body.Should().MatchRegex(@"^--batchresponse_[0-9a-f-]{36}\r\nContent-Type: multipart/mixed; boundary=changesetresponse_[0-9a-f-]{36}\r\n\r\n--changesetresponse_");
        Regex.Matches(body, @"Content-ID: (\d)\r\n\r\nHTTP/1\.1 204 No Content\r\nOData-Version: 4\.0\r\n").Select(m => m.Groups[1].Value).Should().Equal("1", "2", "3");
        Regex.Matches(body, @"\r\nLocation: http://127\.0\.0\.1:\d+/api/data/v9\.2/(contacts|incidents)\(").Should().HaveCount(3);
        body.Should().Contain("HTTP/1.1 200 OK\r\nContent-Type: application/json; odata.metadata=minimal\r\nOData-Version: 4.0\r\n\r\n{");
        body.Should().Contain("\"telephone1\":\"555-0100\"");
        body.Should().EndWith($"--{boundary}--\r\n");
        var contact = Emulator.Rows("contacts").Single();
        var incident = Emulator.Rows("incidents").Single();
        incident["_customerid_value"]!.GetValue<string>().Should().Be(contact["contactid"]!.GetValue<string>());
        contact["telephone1"]!.GetValue<string>().Should().Be("555-0100");
    }

    [Fact]
    public async Task ChangeSet_WithAFailingOperation_RollsBackAsAWholeAndAnswersTheSingleFailure()
    {
        var (response, body) = await BatchAsync("""
            --batch_AAA123
            Content-Type: multipart/mixed; boundary=changeset_BBB456

            --changeset_BBB456
            Content-Type: application/http
            Content-Transfer-Encoding: binary
            Content-ID: 1

            POST contacts HTTP/1.1
            Content-Type: application/json

            {"firstname":"Ana"}
            --changeset_BBB456
            Content-Type: application/http
            Content-Transfer-Encoding: binary
            Content-ID: 2

            POST incidents HTTP/1.1
            Content-Type: application/json

            {"title":"Broken","customerid_contact@odata.bind":"$1","nosuchcolumn":1}
            --changeset_BBB456--
            --batch_AAA123
            Content-Type: application/http
            Content-Transfer-Encoding: binary

            POST contacts HTTP/1.1
            Content-Type: application/json

            {"firstname":"Never"}
            --batch_AAA123--
            """);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body.Should().NotContain("changesetresponse_");
        Regex.Matches(body, "HTTP/1.1 ").Should().HaveCount(1);
        body.Should().Contain("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; odata.metadata=minimal\r\nOData-Version: 4.0\r\n\r\n{\"error\":{\"code\":\"0x80048d19\"");
        Emulator.Count("contacts").Should().Be(0);
        Emulator.Count("incidents").Should().Be(0);
    }

    [Fact]
    public async Task ContinueOnError_RunsTheRestAndAnswers200WithEachStatus()
    {
        var (response, body) = await BatchAsync("""
            --batch_AAA123
            Content-Type: application/http
            Content-Transfer-Encoding: binary

            POST contacts HTTP/1.1
            Content-Type: application/json

            {"firstname":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}
            --batch_AAA123
            Content-Type: application/http
            Content-Transfer-Encoding: binary

            POST contacts HTTP/1.1
            Content-Type: application/json

            {"firstname":"Ben"}
            --batch_AAA123--
            """, continueOnError: true);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        Regex.Matches(body, @"HTTP/1\.1 (\d{3})").Select(m => m.Groups[1].Value).Should().Equal("400", "204");
        Emulator.Rows("contacts").Single()["firstname"]!.GetValue<string>().Should().Be("Ben");
    }

    [Fact]
    public async Task WithoutContinueOnError_TheBatchStopsAtTheFirstFailure()
    {
        var (response, body) = await BatchAsync("""
            --batch_AAA123
            Content-Type: application/http
            Content-Transfer-Encoding: binary

            POST contacts HTTP/1.1
            Content-Type: application/json

            {"firstname":"Ana"}
            --batch_AAA123
            Content-Type: application/http
            Content-Transfer-Encoding: binary

            GET contacts(00000000-0000-0000-0000-000000000001) HTTP/1.1

            --batch_AAA123
            Content-Type: application/http
            Content-Transfer-Encoding: binary

            POST contacts HTTP/1.1
            Content-Type: application/json

            {"firstname":"Never"}
            --batch_AAA123--
            """);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        Regex.Matches(body, @"HTTP/1\.1 (\d{3})").Select(m => m.Groups[1].Value).Should().Equal("204", "404");
        Emulator.Count("contacts").Should().Be(1);
    }

    [Fact]
    public async Task AContentIdReferenceBeforeItsDeclaration_FailsTheChangeSet()
    {
        var (response, body) = await BatchAsync("""
            --batch_AAA123
            Content-Type: multipart/mixed; boundary=changeset_BBB456

            --changeset_BBB456
            Content-Type: application/http
            Content-Transfer-Encoding: binary
            Content-ID: 2

            POST incidents HTTP/1.1
            Content-Type: application/json

            {"title":"x","customerid_contact@odata.bind":"$1"}
            --changeset_BBB456
            Content-Type: application/http
            Content-Transfer-Encoding: binary
            Content-ID: 1

            POST contacts HTTP/1.1
            Content-Type: application/json

            {"firstname":"Late"}
            --changeset_BBB456--
            --batch_AAA123--
            """);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body.Should().Contain("Content-ID Reference: '$1' does not exist in the batch context.");
        Emulator.Count("contacts").Should().Be(0);
    }

    [Fact]
    public async Task AGetInsideAChangeSet_IsRefused()
    {
        var (response, _) = await BatchAsync("""
            --batch_AAA123
            Content-Type: multipart/mixed; boundary=changeset_BBB456

            --changeset_BBB456
            Content-Type: application/http
            Content-Transfer-Encoding: binary

            GET contacts HTTP/1.1

            --changeset_BBB456--
            --batch_AAA123--
            """);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task MoreThanTheBatchLimit_IsRefused()
    {
        var part = "--batch_AAA123\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nGET contacts HTTP/1.1\r\n\r\n";
        var (response, _) = await BatchAsync(string.Concat(Enumerable.Repeat(part, 1001)) + "--batch_AAA123--\r\n");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Emulator.Requests.Last().Operations.Should().Be(1001);
    }
}
