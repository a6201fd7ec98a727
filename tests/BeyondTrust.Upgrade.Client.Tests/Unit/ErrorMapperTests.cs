using System.Text;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Transport;
using RestSharp;

namespace BeyondTrust.Upgrade.Client.Tests.Unit;

public class ErrorMapperTests
{
    private static readonly TransportSettings Settings = new(new Uri("https://127.0.0.1:5443/"), "a");

    private static ApplianceException Map(int status, string body, AuthMode auth = AuthMode.Administrator, string? target = null)
    {
        var request = new ApiRequest(Method.Post, "appliance/api/v1/updates/x/install", "Install update x") { Auth = auth, Target = target };
        var response = new ApiResponse(status, new Dictionary<string, string>(), Encoding.UTF8.GetBytes(body), "application/json");
        return ErrorMapper.FromResponse(request, response, Settings);
    }

    [Theory]
    [InlineData(400, "SharedHostnameRefused", ApplianceErrorCategory.InvalidArgument)]
    [InlineData(403, "NotPrimary", ApplianceErrorCategory.InvalidOperation)]
    [InlineData(404, "UpdateNotFound", ApplianceErrorCategory.ObjectNotFound)]
    [InlineData(409, "InterApplianceKeyMismatch", ApplianceErrorCategory.InvalidOperation)]
    [InlineData(409, "ApplianceClockSkew", ApplianceErrorCategory.InvalidData)]
    [InlineData(410, "PackageNoLongerAvailable", ApplianceErrorCategory.ObjectNotFound)]
    [InlineData(500, "Boom", ApplianceErrorCategory.ConnectionError)]
    public void Contract_errors_keep_their_id_and_take_the_category_of_its_meaning(int status, string id, ApplianceErrorCategory category)
    {
        var ex = Map(status, $"{{\"error\":\"{id}\",\"message\":\"It said so.\",\"target\":\"t1\"}}");
        var request = Assert.IsType<ApplianceRequestException>(ex);
        Assert.Equal(id, ex.ErrorId);
        Assert.Equal(category, ex.Category);
        Assert.Equal("t1", ex.TargetObject);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal("It said so.", request.ServerMessage);
        Assert.Equal("Install update x on a failed: It said so.", ex.Message);
        Assert.Equal(Settings.BaseUri, ex.ApplianceUri);
    }

    [Fact]
    public void Blocked_update_is_its_own_type_with_the_requirement()
    {
        var ex = Map(409, "{\"error\":\"UpdateBlockedByRequirement\",\"message\":\"3.2.4 does not satisfy 12.2.0's requirements.\"}", target: "site-12.2.0");
        var blocked = Assert.IsType<UpdateBlockedException>(ex);
        Assert.Equal("site-12.2.0", blocked.UpdateId);
        Assert.Contains("3.2.4 does not satisfy", blocked.BlockedReason);
        Assert.Equal(ApplianceErrorCategory.InvalidOperation, blocked.Category); // by meaning (docs/errors.md), not "409 = exists"
    }

    [Fact]
    public void Unauthorized_depends_on_the_credential_kind()
    {
        var admin = Map(401, "{\"error\":\"InvalidCredentials\",\"message\":\"x\"}", AuthMode.Administrator);
        Assert.IsType<ApplianceAuthenticationException>(admin);
        Assert.Equal(ErrorIds.InvalidCredentials, admin.ErrorId);
        Assert.Equal(ApplianceErrorCategory.AuthenticationError, admin.Category);

        var bearer = Map(401, "{\"error\":\"access_denied\",\"message\":\"expired\"}", AuthMode.Bearer);
        Assert.Equal(ErrorIds.AccessDenied, bearer.ErrorId);
    }

    [Theory]
    [InlineData(400, "InvalidRequest", ApplianceErrorCategory.InvalidArgument)]
    [InlineData(403, "AccessDenied", ApplianceErrorCategory.PermissionDenied)]
    [InlineData(404, "NotFound", ApplianceErrorCategory.ObjectNotFound)]
    [InlineData(409, "Conflict", ApplianceErrorCategory.InvalidOperation)]
    [InlineData(502, "ServerError", ApplianceErrorCategory.InvalidResult)]
    [InlineData(501, "ServerError", ApplianceErrorCategory.InvalidResult)]
    public void Bodies_without_an_id_get_one_from_the_status_and_its_category(int status, string id, ApplianceErrorCategory category)
    {
        var ex = Map(status, "<html>oops</html>");
        Assert.Equal(id, ex.ErrorId);
        Assert.Equal(category, ex.Category);
        Assert.Contains("HTTP " + status, ex.Message);
    }

    [Fact]
    public void Command_api_403_error_element_gives_the_message()
    {
        var ex = Map(403, "<error xmlns=\"https://www.beyondtrust.com/namespaces/API/command\">Permission denied.</error>", AuthMode.Command);
        Assert.Equal(ErrorIds.AccessDenied, ex.ErrorId);
        Assert.Equal(ApplianceErrorCategory.PermissionDenied, ex.Category);
        Assert.Equal("Permission denied.", ((ApplianceRequestException)ex).ServerMessage);
    }

    [Fact]
    public void Snake_case_oauth_codes_are_not_used_as_ids()
    {
        var ex = Map(400, "{\"error\":\"unsupported_grant_type\",\"message\":\"no\"}");
        Assert.Equal(ErrorIds.InvalidRequest, ex.ErrorId);
    }
}
