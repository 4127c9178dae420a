using System.Net;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Tests;

public sealed class QueryTests : EmulatorTestBase
{
    private async Task SeedContactsAsync()
    {
        var people = new (string First, string Last, string City, int Method)[]
        {
            ("Ana", "Lopez", "Queens", 1), ("Ben", "Okafor", "Bronx", 2), ("Chen", "Wei", "Queens", 2),
            ("Dora", "O'Brien", "Brooklyn", 3), ("Eli", "Lopez", "Bronx", 1), ("Fay", "Adams", "Queens", 3), ("Gus", "Baker", "Manhattan", 2),
        };
        foreach (var (first, last, city, method) in people)
        {
            Emulator.Seed("contacts", new JsonObject { ["firstname"] = first, ["lastname"] = last, ["address1_city"] = city, ["preferredcontactmethodcode"] = method });
        }
    }

    private async Task<List<string>> FirstNamesAsync(string query)
    {
        using var response = await GetAsync("contacts?" + query);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await ReadAsync(response))["value"]!.AsArray().Select(r => r!["firstname"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task Skip_IsRefusedWith400()
    {
        using var response = await GetAsync("contacts?$skip=10");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorAsync(response)).Message.Should().Be("The query parameter $skip is not supported");
    }

    [Fact]
    public async Task Paging_FollowsNextLinkAcrossThreePagesWithoutLossOrRepeat()
    {
        for (var i = 0; i < 7; i++)
        {
            await CreateContactAsync("P" + i, "Page");
        }

        var seen = new List<string>();
        var pages = 0;
        string? next = "contacts?$select=firstname&$orderby=firstname desc";
        while (next is not null)
        {
            using var response = await GetAsync(next, ("Prefer", "odata.maxpagesize=3"));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            response.Headers.GetValues("Preference-Applied").Single().Should().Be("odata.maxpagesize=3");
            var body = await ReadAsync(response);
            seen.AddRange(body["value"]!.AsArray().Select(r => r!["firstname"]!.GetValue<string>()));
            next = body["@odata.nextLink"]?.GetValue<string>();
            next?.Should().StartWith(Emulator.BaseAddress.AbsoluteUri).And.Contain("$skiptoken=").And.Contain("$select=firstname");
            pages++;
        }

        pages.Should().Be(3);
        seen.Should().Equal("P6", "P5", "P4", "P3", "P2", "P1", "P0");
    }

    [Fact]
    public async Task Filter_SupportsComparisonsLogicFunctionsAndNull()
    {
        await SeedContactsAsync();

        (await FirstNamesAsync("$filter=address1_city eq 'queens'&$orderby=firstname")).Should().Equal("Ana", "Chen", "Fay");
        (await FirstNamesAsync("$filter=preferredcontactmethodcode ge 2 and not (address1_city eq 'Bronx')&$orderby=firstname")).Should().Equal("Chen", "Dora", "Fay", "Gus");
        (await FirstNamesAsync("$filter=startswith(lastname,'lo') or contains(lastname,'''b')&$orderby=firstname")).Should().Equal("Ana", "Dora", "Eli");
        (await FirstNamesAsync("$filter=emailaddress1 eq null and endswith(firstname,'a')&$orderby=firstname")).Should().Equal("Ana", "Dora");
        (await FirstNamesAsync("$filter=Microsoft.Dynamics.CRM.In(PropertyName='address1_city',PropertyValues=['Bronx','Manhattan'])&$orderby=firstname")).Should().Equal("Ben", "Eli", "Gus");
        (await FirstNamesAsync("$filter=createdon ge 2026-03-02T00:00:00Z and createdon lt 2026-03-03&$top=2&$orderby=firstname")).Should().Equal("Ana", "Ben");
    }

    [Fact]
    public async Task OrderBy_SortsOnSeveralColumnsAndBreaksTiesByKey()
    {
        await SeedContactsAsync();

        (await FirstNamesAsync("$orderby=address1_city asc,lastname desc")).Should().Equal("Ben", "Eli", "Dora", "Gus", "Chen", "Ana", "Fay");

        using var response = await GetAsync("contacts?$select=lastname&$filter=lastname eq 'Lopez'&$orderby=lastname");
        var ids = (await ReadAsync(response))["value"]!.AsArray().Select(r => Guid.Parse(r!["contactid"]!.GetValue<string>())).ToList();
        ids.Should().HaveCount(2).And.BeInAscendingOrder();
    }

    [Fact]
    public async Task Count_GivesTheNumberOfMatchingRows()
    {
        await SeedContactsAsync();

        using var response = await GetAsync("contacts?$filter=address1_city eq 'Queens'&$count=true&$select=firstname", ("Prefer", "odata.maxpagesize=1"));

        var body = await ReadAsync(response);
        body["@odata.count"]!.GetValue<int>().Should().Be(3);
        body["value"]!.AsArray().Should().HaveCount(1);
    }

    [Theory]
    [InlineData("$filter=address1_city eq", "Syntax error")]
    [InlineData("$filter=substringof('a',firstname)", "does not support the $filter function 'substringof'")]
    [InlineData("$filter=parentcustomerid_contact/fullname eq 'x'", "lookup paths")]
    [InlineData("$filter=preferredcontactmethodcode eq 'one'", "incompatible types")]
    [InlineData("$expand=parentcustomerid_contact", "$expand")]
    [InlineData("$select=FirstName", "Could not find a property named 'FirstName' on type 'Microsoft.Dynamics.CRM.contact'.")]
    [InlineData("$orderby=nosuch desc", "Could not find a property named 'nosuch'")]
    public async Task UnsupportedOrInvalidQueries_Answer400SayingWhy(string query, string expected)
    {
        using var response = await GetAsync("contacts?" + query);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorAsync(response)).Message.Should().Contain(expected);
    }

    [Fact]
    public async Task Select_OfALookupUsesItsValueProperty()
    {
        var contact = await CreateContactAsync();
        await CreateIncidentAsync(contact);

        using var response = await GetAsync($"incidents?$select=title,_customerid_value&$filter=_customerid_value eq {contact}");

        var row = (await ReadAsync(response))["value"]!.AsArray().Single()!;
        row["_customerid_value"]!.GetValue<string>().Should().Be(contact.ToString());
        row["incidentid"].Should().NotBeNull();
    }
}
