using Clearance.Knowledge.Answers;
using Clearance.Knowledge.Guides;

namespace Clearance.Knowledge.Tests;

public sealed class WhereToGoCardTests
{
    private static Guide Guide(string where, string? window = null, string? room = null) =>
        new() { Id = "x/y", School = "x", Title = "t", FilePath = "y.md", Where = where, Window = window, Room = room };

    [Fact]
    public void WindowsAndRoomsThePlaceAlreadyNamesAreNotRepeated()
    {
        var card = WhereToGoCard.Render(
            Guide("A区研究生院305办公室（A、B、C校区）；虎溪校区综合楼DZ106室9、10号窗口", window: "9号、10号窗口", room: "305办公室；DZ106室"),
            "");

        Assert.Equal("📍 地点：A区研究生院305办公室（A、B、C校区）；虎溪校区综合楼DZ106室9、10号窗口", card);
    }

    [Fact]
    public void AWindowThePlaceDoesNotNameIsAdded()
    {
        var card = WhereToGoCard.Render(Guide("一站式服务大厅", window: "8号窗口", room: "行政楼429；DZ106室"), "");

        Assert.Equal("📍 地点：一站式服务大厅 8号窗口 行政楼429；DZ106室", card);
    }
}
