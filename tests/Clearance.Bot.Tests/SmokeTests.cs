namespace Clearance.Bot.Tests; public class SmokeTests { [Fact] public void Builds() => Assert.True(true); }
