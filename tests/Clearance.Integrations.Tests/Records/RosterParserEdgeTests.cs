using Clearance.Integrations.Records;

namespace Clearance.Integrations.Tests.Records;

/// <summary>
/// The roster parser's edges that the main tests pass over: each field's limits, the yes/no spellings offices export,
/// JSON's other shapes and value kinds, an empty or header-only file, and line numbers after quoted line breaks. Every
/// bad row must come back as an error on its own line, saying what is wrong, so nothing is imported from a bad file.
/// </summary>
public sealed class RosterParserEdgeTests
{
    private const string Header = "studentId,name,idLast6,degree,graduationType,campus,hasLoan,onCampus,wecomUserId,partyMember";

    private static RosterParseResult Csv(params string[] rows) => RosterParser.ParseCsv(Header + "\n" + string.Join("\n", rows) + "\n");

    private static string Row(string studentId = "20181234", string name = "张三", string id = "123456", string degree = "硕士",
        string type = "正常毕业", string campus = "A区", string loan = "true", string onCampus = "false", string wecom = "", string party = "") =>
        string.Join(',', studentId, name, id, degree, type, campus, loan, onCampus, wecom, party);

    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("YES", true)]
    [InlineData("y", true)]
    [InlineData("是", true)]
    [InlineData(" False ", false)]
    [InlineData("0", false)]
    [InlineData("no", false)]
    [InlineData("N", false)]
    [InlineData("否", false)]
    public void YesAndNoAreReadInTheSpellingsOfficesExport(string value, bool expected)
    {
        var result = Csv(Row(loan: value, onCampus: value, party: value));

        Assert.Empty(result.Errors);
        var row = Assert.Single(result.Rows);
        Assert.Equal((expected, expected, expected), (row.HasLoan, row.OnCampus, row.PartyMember));
    }

    [Fact]
    public void RequiredYesNoColumnsMustBeGivenAndPartyMemberMayBeLeftEmpty()
    {
        var result = Csv(Row(loan: "", onCampus: "maybe"), Row(studentId: "20181235", party: ""), Row(studentId: "20181236", party: "perhaps"));

        Assert.Equal([2, 4], result.Errors.Select(e => e.Line));
        Assert.Equal("hasLoan must be true or false, not ''; onCampus must be true or false, not 'maybe'", result.Errors[0].Message);
        Assert.Equal("partyMember must be true or false, not 'perhaps'", result.Errors[1].Message);
        Assert.False(Assert.Single(result.Rows).PartyMember);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("a", true)]
    [InlineData("A-b_9", true)]
    [InlineData("20181234 ", true)]
    [InlineData("2018 1234", false)]
    [InlineData("学号1", false)]
    public void AStudentIdIsOneToThirtyTwoLettersDigitsDashesOrUnderscores(string studentId, bool valid)
    {
        var result = Csv(Row(studentId: studentId));

        Assert.Equal(valid, result.Errors.Count == 0);
        if (!valid) Assert.Equal("studentId must be 1–32 letters, digits, '-' or '_'", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void FieldLengthsHaveLimitsAndTheyIncludeTheirEdge()
    {
        var result = Csv(
            Row(studentId: new string('a', 32), name: new string('名', 64), campus: new string('区', 32), wecom: new string('w', 64)),
            Row(studentId: new string('b', 33)),
            Row(studentId: "s3", name: new string('名', 65)),
            Row(studentId: "s4", campus: new string('区', 33)),
            Row(studentId: "s5", wecom: new string('w', 65)));

        var accepted = Assert.Single(result.Rows);
        Assert.Equal((new string('a', 32), new string('区', 32)), (accepted.StudentId, accepted.Campus));
        Assert.Equal(
            [
                (3, "studentId must be 1–32 letters, digits, '-' or '_'"),
                (4, "name is required (at most 64 characters)"),
                (5, "campus may be at most 32 characters"),
                (6, "wecomUserId may be at most 64 characters"),
            ],
            result.Errors.Select(e => (e.Line, e.Message)));
    }

    [Fact]
    public void ARowWithoutCampusOrWeComUserKeepsNeither()
    {
        var row = Assert.Single(Csv(Row(campus: "", wecom: "")).Rows);

        Assert.Null(row.Campus);
        Assert.Null(row.WeComUserId);
        Assert.Equal(("20181234", "张三", "123456", "硕士", "正常毕业"), (row.StudentId, row.Name, row.IdLast6, row.Degree, row.GraduationType));
    }

    [Theory]
    [InlineData("上本校研", "本科", true)]
    [InlineData("上本校研", "硕士", false)]
    [InlineData("上本校博", "本科", true)]
    [InlineData("上本校博", "硕士", true)]
    [InlineData("上本校博", "博士", false)]
    public void ContinuingAtTheSchoolMustFollowTheDegreeItContinues(string type, string degree, bool valid)
    {
        var result = Csv(Row(degree: degree, type: type));

        Assert.Equal(valid, result.Errors.Count == 0);
        if (!valid) Assert.StartsWith($"graduationType {type} is for a ", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownDegreeOrTypeNamesTheAllowedValues()
    {
        var error = Assert.Single(Csv(Row(degree: "学士", type: "毕业")).Errors).Message;

        Assert.Equal("degree must be one of 本科/硕士/博士, not '学士'; graduationType must be one of 正常毕业/上本校研/上本校博/确定延期/不确定延期/结业/肄业, not '毕业'", error);
    }

    [Fact]
    public void AnEmptyFileAndAHeaderOnlyFileImportNothing()
    {
        var empty = RosterParser.ParseCsv("\uFEFF");
        var headerOnly = RosterParser.ParseCsv(Header + "\n\n , ,\n");

        Assert.Empty(empty.Rows);
        Assert.Equal(1, Assert.Single(empty.Errors).Line);
        Assert.StartsWith("the roster is empty; the first line must name the columns: studentId,name,idLast6,", empty.Errors[0].Message, StringComparison.Ordinal);
        Assert.Empty(headerOnly.Rows);
        Assert.Empty(headerOnly.Errors);
    }

    [Fact]
    public void ColumnsAreMatchedWithoutCaseAndAShortRowLacksItsLastFields()
    {
        var result = RosterParser.ParseCsv(" STUDENTID ,Name,IDLAST6,degree,graduationtype,campus,hasloan,oncampus,wecomuserid\n20181234,张三,123456,硕士,正常毕业,A区,1,0\n");

        var row = Assert.Single(result.Rows);
        Assert.Equal(("20181234", true, false, null), (row.StudentId, row.HasLoan, row.OnCampus, row.WeComUserId));
    }

    [Fact]
    public void ATrailingCommaAfterTheHeaderIsNotAnUnknownColumn()
    {
        // Spreadsheets often save one more separator than there are columns; the empty column name is not a misspelling.
        var result = RosterParser.ParseCsv(Header + ",\n" + Row() + ",\n");

        Assert.Empty(result.Errors);
        Assert.Equal("20181234", Assert.Single(result.Rows).StudentId);
    }

    [Fact]
    public void MissingColumnsAreEachNamed()
    {
        var result = RosterParser.ParseCsv("studentId,name,campus\n20181234,张三,A区\n");

        Assert.Equal(new RosterError(1, "missing columns: idLast6, degree, graduationType, hasLoan, onCampus"), Assert.Single(result.Errors));
    }

    [Fact]
    public void UnknownColumnsAndFieldsAreEachNamed()
    {
        var csv = RosterParser.ParseCsv(Header + ",wecom_user_id,party\n");
        var json = RosterParser.ParseJson("""[{"studentId":"20181234","office":"library","wechat":"x"}]""");

        Assert.StartsWith("unknown columns: wecom_user_id, party; the roster's columns are studentId,name,", Assert.Single(csv.Errors).Message, StringComparison.Ordinal);
        Assert.StartsWith("unknown fields: office, wechat; a student's fields are studentId,name,", Assert.Single(json.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AJsonStudentWithoutItsFieldsIsRefusedForEachOneMissing()
    {
        var result = RosterParser.ParseJson("""[{"studentId":"20181234"}]""");

        Assert.Empty(result.Rows);
        Assert.Equal(
            new RosterError(1,
                "name is required (at most 64 characters); " +
                "idLast6 must be the last 6 ID-card characters (digits, the last may be X); " +
                "degree must be one of 本科/硕士/博士, not ''; " +
                "graduationType must be one of 正常毕业/上本校研/上本校博/确定延期/不确定延期/结业/肄业, not ''; " +
                "hasLoan must be true or false, not ''; onCampus must be true or false, not ''"),
            Assert.Single(result.Errors));
    }

    [Fact]
    public void RowsWithoutAStudentIdAreNotReportedAsDuplicatesOfEachOther()
    {
        var result = Csv(Row(studentId: ""), Row(studentId: ""));

        Assert.Equal(
            [(2, "studentId must be 1–32 letters, digits, '-' or '_'"), (3, "studentId must be 1–32 letters, digits, '-' or '_'")],
            result.Errors.Select(e => (e.Line, e.Message)));
    }

    [Fact]
    public void EveryFieldMayBeQuotedUpToTheLastCharacterOfTheFile()
    {
        static string Quoted(string line) => string.Join(',', line.Split(',').Select(f => $"\"{f}\""));

        var result = RosterParser.ParseCsv(Quoted(Header) + "\r\n" + Quoted(Row()) + "\r\n" + Quoted(Row(studentId: "20181235", party: "是")));

        Assert.Empty(result.Errors);
        Assert.Equal([("20181234", false), ("20181235", true)], result.Rows.Select(r => (r.StudentId, r.PartyMember)));
    }

    [Fact]
    public void ACutOffLastLineIsAnErrorNotDropped()
    {
        // A file truncated in transfer: its last line holds only the start of a student id and no newline.
        var result = RosterParser.ParseCsv(Header + "\n" + Row() + "\n2018");

        Assert.Single(result.Rows);
        Assert.Equal(3, Assert.Single(result.Errors).Line);
    }

    [Fact]
    public void ARowPrintsItsLineAndStudentIdOnly()
    {
        var row = Assert.Single(Csv(Row()).Rows);

        Assert.Equal("RosterRow { Line = 2, StudentId = 20181234 }", row.ToString());
    }

    [Fact]
    public void ALastLineWithoutANewlineIsStillARow()
    {
        var result = RosterParser.ParseCsv(Header + "\r\n" + Row());

        Assert.Equal(2, Assert.Single(result.Rows).Line);
    }

    [Fact]
    public void LineNumbersCountTheLineBreaksInsideQuotedFields()
    {
        var result = Csv(Row(name: "\"张\n三\""), Row(studentId: "bad id"));

        Assert.Equal("张\n三", Assert.Single(result.Rows).Name);
        Assert.Equal(4, Assert.Single(result.Errors).Line);
    }

    [Fact]
    public void AQuoteInsideAnUnquotedFieldIsKeptAsIs()
    {
        var row = Assert.Single(Csv(Row(name: "张\"三")).Rows);

        Assert.Equal("张\"三", row.Name);
    }

    [Fact]
    public void JsonTakesAPlainArrayAndReadsNumbersBooleansAndNulls()
    {
        var json = """[{"studentId":20181234,"name":" 张三 ","idLast6":"12345x","degree":"硕士","graduationType":"正常毕业","campus":null,"hasLoan":"是","onCampus":false,"wecomUserId":null}]""";

        var row = Assert.Single(RosterParser.ParseJson(json).Rows);

        Assert.Equal(("20181234", "张三", "12345X", null, true, false, null), (row.StudentId, row.Name, row.IdLast6, row.Campus, row.HasLoan, row.OnCampus, row.WeComUserId));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"students":{}}""")]
    [InlineData("\"students\"")]
    public void JsonOfAnotherShapeIsOneErrorThatSaysTheShape(string json)
    {
        var result = RosterParser.ParseJson(json);

        Assert.Empty(result.Rows);
        Assert.Equal(new RosterError(1, "expected an array of students or {\"students\": [...]}"), Assert.Single(result.Errors));
    }

    [Fact]
    public void JsonItemsThatAreNotStudentsAreErrorsOnTheirOwnItems()
    {
        var json = """[1, {"studentId":"20181234","name":"张三","idLast6":"123456","degree":"硕士","graduationType":"正常毕业","campus":"A区","hasLoan":true,"onCampus":false,"wechat":"x"}, {"studentId":"20181235","name":"李四","idLast6":"234567","degree":"硕士","graduationType":"正常毕业","campus":"A区","hasLoan":true,"onCampus":false}]""";

        var result = RosterParser.ParseJson(json);

        Assert.Equal(3, Assert.Single(result.Rows).Line);
        Assert.Equal(
            [
                new RosterError(1, "each student must be an object"),
                new RosterError(2, "unknown fields: wechat; a student's fields are studentId,name,idLast6,degree,graduationType,campus,hasLoan,onCampus,wecomUserId,partyMember"),
            ],
            result.Errors);
    }

    [Fact]
    public void JsonThatDoesNotParseSaysOnWhichLine()
    {
        var result = RosterParser.ParseJson("[\n{\"studentId\": }\n]");

        Assert.Empty(result.Rows);
        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.StartsWith("not valid JSON: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheStandardRulesAcceptEveryStandardValueAndAnyCampus()
    {
        var rows = RosterParser.GraduationTypes.Select((type, i) => Row(studentId: $"s{i}", degree: type == "上本校研" ? "本科" : "硕士", type: type, campus: "任何校区"));

        var result = Csv([.. rows]);

        Assert.Empty(result.Errors);
        Assert.Equal(7, result.Rows.Count);
        Assert.All(result.Rows, r => Assert.Equal("任何校区", r.Campus));
        Assert.Equal(["本科", "硕士", "博士"], RosterRules.Standard.AllowedDegrees);
    }
}
