namespace Strangler.Resp.Tests;

public sealed class RedisClientOptionsTests
{
    [Fact]
    public void A_connection_string_sets_every_option()
    {
        var options = RedisClientOptions.Parse("cache.internal:6380, password=p@ss, user=app, database=2, ssl=true, sslHost=redis.example, connectTimeout=1500, commandTimeout=250");
        Assert.Equal(("cache.internal", 6380, "app", "p@ss", 2, true, "redis.example"), (options.Host, options.Port, options.User, options.Password, options.Database, options.Ssl, options.SslHost));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.CommandTimeout);
        Assert.Equal(6379, RedisClientOptions.Parse("localhost").Port);
    }

    [Theory]
    [InlineData("host:port")]
    [InlineData("host:6379,colour=blue")]
    [InlineData("host:6379,database=-1")]
    [InlineData("host:6379,password")]
    public void Invalid_options_say_what_is_wrong(string text) =>
        Assert.Throws<FormatException>(() => RedisClientOptions.Parse(text));
}
