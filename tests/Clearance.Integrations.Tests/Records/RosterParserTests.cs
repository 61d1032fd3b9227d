using Clearance.Integrations.Records;

namespace Clearance.Integrations.Tests.Records;

public sealed class RosterParserTests
{
    private const string Header = "studentId,name,idLast6,degree,graduationType,campus,hasLoan,onCampus,wecomUserId";

    [Fact]
    public void QuotedFieldsAndByteOrderMarkAreRead()
    {
        var csv = "\uFEFF" + Header + "\r\n" +
                  "20181234,\"张,三\",12345x,硕士,正常毕业,\"A区\",true,false,zhangsan\r\n" +
                  "20181235,\"李\"\"四\",234567,博士,上本校博,\"虎溪\n校区\",false,true,\r\n";

        var result = RosterParser.ParseCsv(csv);

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Rows.Count);
        Assert.Equal("张,三", result.Rows[0].Name);
        Assert.Equal("12345X", result.Rows[0].IdLast6);
        Assert.True(result.Rows[0].HasLoan);
        Assert.Equal("zhangsan", result.Rows[0].WeComUserId);
        Assert.Equal("李\"四", result.Rows[1].Name);
        Assert.Equal("虎溪\n校区", result.Rows[1].Campus);
        Assert.Null(result.Rows[1].WeComUserId);
    }

    [Fact]
    public void BadRowsAreReportedWithTheirLineNumbersAndTheRestAreKept()
    {
        var csv = Header + "\n" +
                  "20181234,张三,123456,硕士,正常毕业,A区,true,false,\n" +
                  "20181235,李四,12345,硕士,正常毕业,A区,true,false,\n" +
                  "20181236,王五,345678,学士,毕业,A区,maybe,false,\n" +
                  "20181234,张三,123456,硕士,正常毕业,A区,true,false,\n" +
                  "\n" +
                  "20181237,赵六,456789,博士,确定延期,B区,false,true,\n";

        var result = RosterParser.ParseCsv(csv);

        Assert.Equal(["20181234", "20181237"], result.Rows.Select(r => r.StudentId));
        Assert.Equal([3, 4, 5], result.Errors.Select(e => e.Line));
        Assert.Contains("idLast6", result.Errors[0].Message);
        Assert.DoesNotContain("12345", result.Errors[0].Message);
        Assert.Contains("degree", result.Errors[1].Message);
        Assert.Contains("hasLoan", result.Errors[1].Message);
        Assert.Contains("line 2", result.Errors[2].Message);
        Assert.Equal(7, result.Rows[1].Line);
    }

    [Fact]
    public void MissingColumnsAreOneErrorOnTheHeaderLine()
    {
        var result = RosterParser.ParseCsv("studentId,name\n1,张三\n");

        Assert.Empty(result.Rows);
        Assert.Equal(1, Assert.Single(result.Errors).Line);
        Assert.Contains("idLast6", result.Errors[0].Message);
    }

    [Fact]
    public void JsonUsesTheSameNames()
    {
        var json = """{"students":[{"studentId":"20181234","name":"张三","idLast6":"123456","degree":"硕士","graduationType":"正常毕业","campus":"A区","hasLoan":true,"onCampus":false},{"studentId":"x y"}]}""";

        var result = RosterParser.ParseJson(json);

        Assert.True(Assert.Single(result.Rows).HasLoan);
        Assert.Equal(2, Assert.Single(result.Errors).Line);
    }

    [Fact]
    public void RowsNeverPrintTheirDigits() =>
        Assert.DoesNotContain("123456", StoreContract.Row("20181234").ToString());
}
