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
                  "20181235,\"李\"\"四\",234567,硕士,上本校博,\"虎溪\n校区\",false,true,\r\n";

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

    private static readonly RosterRules Cqu = new("cqu", ["硕士", "博士"], [], ["A区", "B区", "C区", "虎溪校区"]);

    [Fact]
    public void RowsThatCannotBeAtTheSchoolAreErrorsOnTheirLinesEveryOneOfThem()
    {
        var csv = Header + "\n" +
                  "20181234,张三,123456,硕士,正常毕业,火星校区,true,false,\n" +
                  "20181235,李四,234567,本科,正常毕业,A区,true,false,\n" +
                  "20181236,王五,345678,硕士,毕业了,A区,true,false,\n" +
                  "20181237,赵六,456789,硕士,上本校研,A区,true,false,\n" +
                  "20181238,钱七,567890,博士,上本校博,A区,true,false,\n" +
                  "20181239,孙八,678901,博士,正常毕业,虎溪校区,false,true,\n";

        var result = RosterParser.ParseCsv(csv, Cqu);

        Assert.Equal([2, 3, 4, 5, 6], result.Errors.Select(e => e.Line));
        Assert.Contains("campus must be one of A区/B区/C区/虎溪校区 (as cqu's school.yml lists), not '火星校区'", result.Errors[0].Message);
        Assert.Contains("degree must be one of 硕士/博士", result.Errors[1].Message);
        Assert.Contains("graduationType must be one of", result.Errors[2].Message);
        Assert.Contains("上本校研 is for a 本科 graduate, not 硕士", result.Errors[3].Message);
        Assert.Contains("上本校博 is for a 本科/硕士 graduate, not 博士", result.Errors[4].Message);
        Assert.Equal("20181239", Assert.Single(result.Rows).StudentId);
    }

    [Theory]
    [InlineData("虎溪", "虎溪校区")]
    [InlineData("A校区", "A区")]
    [InlineData("B区", "B区")]
    public void ACampusIsStoredAsTheSchoolSpellsIt(string given, string stored)
    {
        var result = RosterParser.ParseCsv(Header + $"\n20181234,张三,123456,硕士,正常毕业,{given},true,false,\n", Cqu);

        Assert.Empty(result.Errors);
        Assert.Equal(stored, Assert.Single(result.Rows).Campus);
    }

    [Fact]
    public void ASchoolThatListsGraduationTypesAcceptsOnlyThose()
    {
        var rules = Cqu with { GraduationTypes = ["正常毕业", "结业"] };

        var result = RosterParser.ParseCsv(Header + "\n20181234,张三,123456,硕士,肄业,A区,true,false,\n20181235,李四,234567,硕士,结业,A区,true,false,\n", rules);

        Assert.Equal(2, Assert.Single(result.Errors).Line);
        Assert.Contains("正常毕业/结业", result.Errors[0].Message);
    }

    [Fact]
    public void ACampusAtASchoolThatListsNoneIsAnErrorThatSaysWhereToAddIt()
    {
        var rules = Cqu with { Campuses = [] };

        var result = RosterParser.ParseCsv(Header + "\n20181234,张三,123456,硕士,正常毕业,A区,true,false,\n20181235,李四,234567,硕士,正常毕业,,true,false,\n", rules);

        Assert.Contains("lists no campuses", Assert.Single(result.Errors).Message);
        Assert.Null(Assert.Single(result.Rows).Campus);
    }

    [Fact]
    public void AnUnknownColumnRejectsTheFileOnTheHeaderLine()
    {
        var result = RosterParser.ParseCsv("studentId,name,idLast6,degree,graduationType,campus,hasLoan,onCampus,wecom_user_id\n20181234,张三,123456,硕士,正常毕业,A区,true,false,zs\n");

        Assert.Empty(result.Rows);
        Assert.Equal(1, Assert.Single(result.Errors).Line);
        Assert.Contains("unknown columns: wecom_user_id", result.Errors[0].Message);
    }

    [Fact]
    public void OneWeComUserOnTwoRowsIsAnErrorOnTheSecond()
    {
        var result = RosterParser.ParseCsv(Header + "\n20181234,张三,123456,硕士,正常毕业,A区,true,false,zs\n20181235,李四,234567,硕士,正常毕业,A区,true,false,zs\n");

        Assert.Equal(3, Assert.Single(result.Errors).Line);
        Assert.Contains("wecomUserId zs already appears on line 2", result.Errors[0].Message);
    }

    [Fact]
    public void JsonRowsAreCheckedAgainstTheSchoolToo()
    {
        var result = RosterParser.ParseJson("""
            [{"studentId":"20181234","name":"张三","idLast6":"123456","degree":"本科","graduationType":"正常毕业","campus":"火星校区","hasLoan":false,"onCampus":true},
             {"studentId":"20181235","name":"李四","idLast6":"234567","degree":"硕士","graduationType":"正常毕业","campus":"A区","hasLoan":false,"onCampus":true,"office":"library"}]
            """, Cqu);

        Assert.Equal([1, 2], result.Errors.Select(e => e.Line));
        Assert.Contains("degree", result.Errors[0].Message);
        Assert.Contains("火星校区", result.Errors[0].Message);
        Assert.Contains("unknown fields: office", result.Errors[1].Message);
    }
}
