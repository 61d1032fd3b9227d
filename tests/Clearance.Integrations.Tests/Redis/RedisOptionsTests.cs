using Clearance.Integrations.Redis;

namespace Clearance.Integrations.Tests.Redis;

public sealed class RedisOptionsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("127.0.0.1:6379")]
    [InlineData("redis:6379,password=secret,ssl=false")]
    public void EmptyOrReadableConfigurationIsValid(string? configuration)
    {
        var result = new RedisOptionsValidator().Validate(null, new RedisOptions { Configuration = configuration });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("127.0.0.1:6379,connectTimout=500")]
    [InlineData("password=secret")]
    public void UnreadableConfigurationIsRefusedNamingTheKey(string configuration)
    {
        var result = new RedisOptionsValidator().Validate(null, new RedisOptions { Configuration = configuration });

        Assert.True(result.Failed);
        Assert.Contains("Redis:Configuration", result.FailureMessage);
    }

    [Fact]
    public void ClientConfigurationFailsFastWhateverTheStringSays()
    {
        var client = new RedisOptions { Configuration = "127.0.0.1:6379,abortConnect=true,syncTimeout=5000", TimeoutMilliseconds = 800 }
            .ToClientConfiguration();

        Assert.False(client.AbortOnConnectFail);
        Assert.Equal(800, client.SyncTimeout);
        Assert.Equal(800, client.AsyncTimeout);
        Assert.Equal(800, client.ConnectTimeout);
    }
}
