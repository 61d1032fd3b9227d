using Clearance.Integrations.WeChat;
using static Clearance.Integrations.Tests.WeChat.OfficialVectors;

namespace Clearance.Integrations.Tests.WeChat;

public sealed class WeChatSignatureTests
{
    [Fact]
    public void OfficialUrlVerificationExampleSortsOrdinally()
    {
        Assert.Equal("f464b24fc39322e44b38aa78f5edd27bd1441696", WeChatSignature.Compute("AAAAA", "1714036504", "1514711492"));
        Assert.True(WeChatSignature.Matches("f464b24fc39322e44b38aa78f5edd27bd1441696", "AAAAA", "1714036504", "1514711492"));
    }

    [Fact]
    public void S1FourFieldSignature()
    {
        Assert.True(WeChatSignature.Matches("8128e41a38892d814e4aa67753425da9dc8ec2b3", "ovAkP0Tb", "1628737717", "1811081856", S1_ENCRYPT));
    }

    [Fact]
    public void UpperCaseHexIsAccepted()
    {
        Assert.True(WeChatSignature.Matches("F464B24FC39322E44B38AA78F5EDD27BD1441696", "AAAAA", "1714036504", "1514711492"));
    }

    [Theory]
    [InlineData("f464b24fc39322e44b38aa78f5edd27bd1441697")]
    [InlineData("f464b24fc39322e44b38aa78f5edd27bd144169")]
    [InlineData("f464b24fc39322e44b38aa78f5edd27bd14416966")]
    [InlineData("")]
    [InlineData(null)]
    public void AnyOtherSignatureFails(string? signature)
    {
        Assert.False(WeChatSignature.Matches(signature, "AAAAA", "1714036504", "1514711492"));
    }

    [Fact]
    public void ChangingAnyPartChangesTheSignature()
    {
        Assert.False(WeChatSignature.Matches("f464b24fc39322e44b38aa78f5edd27bd1441696", "AAAAA", "1714036505", "1514711492"));
        Assert.False(WeChatSignature.Matches("f464b24fc39322e44b38aa78f5edd27bd1441696", "AAAAB", "1714036504", "1514711492"));
    }
}
