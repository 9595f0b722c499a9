using System.Net;

namespace Strangler.Contract.Tests.Suite;

public abstract partial class ContractSuite
{
    [Fact]
    public async Task Users_are_for_admins_only()
    {
        var client = Client();
        AssertError(await GetAsync(client, "users"), HttpStatusCode.Unauthorized);
        AssertError(await GetAsync(client, "users", UserToken()), HttpStatusCode.Forbidden);
        AssertError(await GetAsync(client, "users/1", UserToken()), HttpStatusCode.Forbidden);

        var page = AssertData(await GetAsync(client, "users?limit=100", AdminToken()));
        Assert.Equal(50, page.GetProperty("total").GetInt32());
        var users = page.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(Enumerable.Range(1, 50), users.Select(u => u.GetProperty("id").GetInt32()));
        Assert.Equal(["id", "name", "email", "role", "created_at"], users[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(5, users.Count(u => u.GetProperty("role").GetString() == "admin"));

        var one = AssertData(await GetAsync(client, "users/7", AdminToken()));
        Assert.Equal("user", one.GetProperty("role").GetString());
        AssertError(await GetAsync(client, "users/999", AdminToken()), HttpStatusCode.NotFound);
        AssertFieldError(await GetAsync(client, "users/x", AdminToken()), "id");
    }
}
