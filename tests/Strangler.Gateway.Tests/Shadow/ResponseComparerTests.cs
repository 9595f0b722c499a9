using System.Collections.Immutable;
using System.Text;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Shadow;

public sealed class ResponseComparerTests
{
    private const string Json = "application/json; charset=utf-8";

    [Fact]
    public void Equal_answers_match()
    {
        var body = """{ "data": { "items": [{ "id": 1, "rating": 4.5 }], "total": 1 } }""";
        var result = Compare(Answer(body), Answer(body));

        Assert.True(result.IsMatch);
        Assert.Empty(result.Differences);
        Assert.Equal(0, result.TotalDifferences);
    }

    [Fact]
    public void A_different_status_is_a_difference_at_status_and_the_bodies_are_still_compared()
    {
        var result = Compare(Answer("""{"a":1}"""), Answer("""{"a":2}""", status: 500));

        Assert.Equal([new Difference("(status)", "200", "500"), new Difference("$.a", "1", "2")], result.Differences);
    }

    [Theory]
    [InlineData("application/json", "application/json; charset=utf-8")]
    [InlineData("Application/JSON", " application/json ;charset=\"utf-8\"")]
    [InlineData("text/plain; charset=iso-8859-1", "text/plain")]
    public void The_content_type_is_compared_by_media_type_only_and_case_insensitively(string v3, string v4) =>
        Assert.True(Compare(Answer("{}", contentType: v3), Answer("{}", contentType: v4)).IsMatch);

    [Fact]
    public void A_different_media_type_is_a_difference_at_content_type()
    {
        var result = Compare(Answer("{}", contentType: "application/json"), Answer("{}", contentType: "Text/HTML; charset=utf-8"));

        Assert.Equal([new Difference("(content-type)", "\"application/json\"", "\"text/html\"")], result.Differences);
    }

    [Fact]
    public void A_content_type_absent_on_one_side_is_null_there()
    {
        var result = Compare(Answer(string.Empty, contentType: null), Answer(string.Empty, contentType: "text/plain"));

        Assert.Equal([new Difference("(content-type)", null, "\"text/plain\"")], result.Differences);
    }

    [Fact]
    public void Head_answers_compare_only_status_and_content_type()
    {
        var same = Compare(Answer("""{"a":1}""", isHead: true), Answer("""{"a":2}""", isHead: true));
        var different = Compare(Answer("x", isHead: true), Answer("y", status: 404, contentType: "text/plain", isHead: true));

        Assert.True(same.IsMatch);
        Assert.Equal(["(status)", "(content-type)"], different.Differences.Select(d => d.Path));
    }

    [Fact]
    public void Objects_are_compared_by_key_in_any_order()
    {
        Assert.True(Compare(Answer("""{"a":1,"b":{"x":true,"y":null}}"""), Answer("""{"b":{"y":null,"x":true},"a":1}""")).IsMatch);
    }

    [Fact]
    public void A_key_absent_on_one_side_is_a_difference_with_null_on_that_side()
    {
        var result = Compare(Answer("""{"a":1,"gone":[1, 2],"b":2}"""), Answer("""{"b":2,"new":{"x":1},"a":1}"""));

        Assert.Equal([new Difference("$.gone", "[1,2]", null), new Difference("$.new", null, """{"x":1}""")], result.Differences);
    }

    [Fact]
    public void Names_written_with_different_escapes_are_the_same_key()
    {
        Assert.True(Compare(Answer("""{"caf\u00e9":1,"b":2}"""), Answer("""{"café":1,"b":2}""")).IsMatch);
        Assert.Equal("$['café']", Assert.Single(Compare(Answer("""{"caf\u00e9":1}"""), Answer("""{"café":2}""")).Differences).Path);
    }

    [Fact]
    public void Arrays_are_compared_in_order_element_by_element()
    {
        var result = Compare(Answer("[1,2,3]"), Answer("[1,3,2]"));

        Assert.Equal([new Difference("$[1]", "2", "3"), new Difference("$[2]", "3", "2")], result.Differences);
    }

    [Fact]
    public void Extra_elements_on_either_side_are_differences_at_their_index()
    {
        Assert.Equal(
            [new Difference("$.items[2]", null, "3"), new Difference("$.items[3]", null, """{"a":4}""")],
            Compare(Answer("""{"items":[1,2]}"""), Answer("""{"items":[1,2,3,{"a":4}]}""")).Differences);
        Assert.Equal(
            [new Difference("$[1]", "\"b\"", null)],
            Compare(Answer("""["a","b"]"""), Answer("""["a"]""")).Differences);
    }

    [Theory]
    [InlineData("4.50", "4.5")]
    [InlineData("1e2", "100")]
    [InlineData("1E+2", "100.0")]
    [InlineData("-0", "0")]
    [InlineData("0.1", "1e-1")]
    [InlineData("12345678901234567890123", "12345678901234567890123.000")]
    [InlineData("1e300", "1.0e300")]
    [InlineData("1e400", "1e400")]
    public void Numbers_are_equal_by_value(string v3, string v4) =>
        Assert.True(Compare(Answer($$"""{"n":{{v3}}}"""), Answer($$"""{"n":{{v4}}}""")).IsMatch, $"{v3} and {v4}");

    [Theory]
    [InlineData("4.5", "4.6")]
    [InlineData("0.1", "0.10000000000000001")]
    [InlineData("1e-30", "0")]
    [InlineData("1e300", "2e300")]
    [InlineData("1e400", "2e400")]
    public void Numbers_of_different_value_differ(string v3, string v4)
    {
        var difference = Assert.Single(Compare(Answer($$"""{"n":{{v3}}}"""), Answer($$"""{"n":{{v4}}}""")).Differences);
        Assert.Equal(new Difference("$.n", v3, v4), difference);
    }

    [Fact]
    public void Strings_booleans_and_null_are_compared_by_value()
    {
        Assert.True(Compare(Answer("""["é",true,false,null,""]"""), Answer("""["\u00e9",true,false,null,""]""")).IsMatch);
        Assert.Equal(
            [new Difference("$[0]", "\"a\"", "\"b\""), new Difference("$[1]", "true", "false")],
            Compare(Answer("""["a",true,null]"""), Answer("""["b",false,null]""")).Differences);
    }

    [Fact]
    public void A_type_change_is_a_difference_at_that_path()
    {
        var result = Compare(Answer("""{"a":1,"b":[],"c":null,"d":"x"}"""), Answer("""{"a":"1","b":{},"c":0,"d":"x"}"""));

        Assert.Equal(
            [new Difference("$.a", "1", "\"1\""), new Difference("$.b", "[]", "{}"), new Difference("$.c", "null", "0")],
            result.Differences);
    }

    [Fact]
    public void Nested_differences_are_reported_at_their_full_path()
    {
        var v3 = """{"data":{"items":[{"id":1,"rating":4.5},{"id":2,"rating":3.94}],"odd key":{"it's":1}}}""";
        var v4 = """{"data":{"items":[{"id":1,"rating":4.5},{"id":2,"rating":3.9}],"odd key":{"it's":2}}}""";

        Assert.Equal(
            [new Difference("$.data.items[1].rating", "3.94", "3.9"), new Difference(@"$.data['odd key']['it\'s']", "1", "2")],
            Compare(Answer(v3), Answer(v4)).Differences);
    }

    public static TheoryData<string, string[]> IgnoredBy => new()
    {
        { "$.data.items[*].updated_at", ["$.data.items[1].rating", "$.data.meta.generated"] },
        { "$.data.items[0].updated_at", ["$.data.items[1].updated_at", "$.data.items[1].rating", "$.data.meta.generated"] },
        { "$['data']['items'][1]", ["$.data.items[0].updated_at", "$.data.meta.generated"] },
        { "$.data.items[*]", ["$.data.meta.generated"] },
        { "$.data.meta.*", ["$.data.items[0].updated_at", "$.data.items[1].updated_at", "$.data.items[1].rating"] },
        { "$..updated_at", ["$.data.items[1].rating", "$.data.meta.generated"] },
        { "$.data..generated", ["$.data.items[0].updated_at", "$.data.items[1].updated_at", "$.data.items[1].rating"] },
        { "$.data", [] },
        { "$", [] },
    };

    [Theory]
    [MemberData(nameof(IgnoredBy))]
    public void An_ignored_path_is_skipped_with_everything_below_it(string ignore, string[] expected)
    {
        var v3 = """{"data":{"items":[{"updated_at":"10:00","rating":4.5},{"updated_at":"10:01","rating":3.9}],"meta":{"generated":"a"}}}""";
        var v4 = """{"data":{"items":[{"updated_at":"11:00","rating":4.5},{"updated_at":"11:01","rating":4}],"meta":{"generated":"b"}}}""";

        var result = Compare(Answer(v3), Answer(v4), [JsonPathPattern.Parse(ignore)]);

        Assert.Equal(expected, result.Differences.Select(d => d.Path));
        Assert.Equal(expected.Length, result.TotalDifferences);
    }

    [Fact]
    public void Ignored_paths_cover_keys_and_elements_present_on_one_side_only()
    {
        var result = Compare(
            Answer("""{"a":1,"trace":{"id":"x"},"odd key":1,"items":[1]}"""),
            Answer("""{"a":1,"items":[1,2,3]}"""),
            [JsonPathPattern.Parse("$.trace"), JsonPathPattern.Parse("$['odd key']"), JsonPathPattern.Parse("$.items[*]")]);

        Assert.True(result.IsMatch);
    }

    [Fact]
    public void A_recursive_ignore_applies_at_every_depth_including_the_top()
    {
        var result = Compare(
            Answer("""{"updated_at":1,"a":{"b":[{"updated_at":2,"c":{"updated_at":3}}]},"x":1}"""),
            Answer("""{"updated_at":9,"a":{"b":[{"updated_at":8,"c":{"updated_at":7}}]},"x":2}"""),
            [JsonPathPattern.Parse("$..updated_at")]);

        Assert.Equal(["$.x"], result.Differences.Select(d => d.Path));
    }

    [Fact]
    public void Differences_beyond_the_cap_are_counted_but_not_kept()
    {
        var v3 = "[" + string.Join(',', Enumerable.Range(0, 30)) + "]";
        var v4 = "[" + string.Join(',', Enumerable.Range(100, 30)) + "]";

        var capped = Compare(Answer(v3, status: 200), Answer(v4, status: 503));
        var countOnly = Compare(Answer(v3), Answer(v4), maxDifferences: 0);

        Assert.Equal(20, capped.Differences.Length);
        Assert.Equal(31, capped.TotalDifferences);
        Assert.Equal(["(status)", .. Enumerable.Range(0, 19).Select(i => $"$[{i}]")], capped.Differences.Select(d => d.Path));
        Assert.Empty(countOnly.Differences);
        Assert.Equal(30, countOnly.TotalDifferences);
        Assert.False(countOnly.IsMatch);
    }

    [Fact]
    public void A_negative_cap_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Compare(Answer("{}"), Answer("{}"), maxDifferences: -1));

    [Fact]
    public void Values_are_compact_json_truncated_to_120_characters()
    {
        var longText = new string('x', 500);
        var result = Compare(
            Answer($$"""{"s":"{{longText}}","o":{ "a" : [ 1, 2 ],  "b" : { "c" : "d" } },"big":[{{string.Join(", ", Enumerable.Range(0, 1000))}}]}"""),
            Answer("""{"s":"short"}"""));

        var s = result.Differences.Single(d => d.Path == "$.s");
        Assert.Equal(120, s.V3!.Length);
        Assert.Equal("\"" + new string('x', 118) + "…", s.V3);
        Assert.Equal("\"short\"", s.V4);
        Assert.Equal("""{"a":[1,2],"b":{"c":"d"}}""", result.Differences.Single(d => d.Path == "$.o").V3);
        var big = result.Differences.Single(d => d.Path == "$.big").V3!;
        Assert.Equal(120, big.Length);
        Assert.StartsWith("[0,1,2,3,", big, StringComparison.Ordinal);
        Assert.EndsWith("…", big, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncation_never_splits_a_surrogate_pair()
    {
        // '"', 'x', then pairs from index 2: the 119th character (index 118) is the first half of a pair.
        var emoji = string.Concat(Enumerable.Repeat("😀", 100));
        var v3 = Assert.Single(Compare(Answer($$"""["x{{emoji}}"]"""), Answer("""["x"]""")).Differences).V3!;

        Assert.Equal("\"x" + string.Concat(Enumerable.Repeat("😀", 58)) + "…", v3);
        Assert.False(char.IsHighSurrogate(v3[^2]), "the character before the ellipsis is half a pair");
    }

    [Fact]
    public void Bodies_that_are_not_json_are_compared_as_bytes()
    {
        Assert.True(Compare(Answer("<p>hello</p>", contentType: "text/html"), Answer("<p>hello</p>", contentType: "text/html")).IsMatch);

        var result = Compare(Answer("<p>hello</p>", contentType: "text/html"), Answer("<p>hallo</p>", contentType: "text/html"));
        Assert.Equal([new Difference("$", "<p>hello</p>", "<p>hallo</p>")], result.Differences);
    }

    [Fact]
    public void Json_that_differs_only_in_whitespace_is_equal_but_the_same_bytes_as_text_are_not()
    {
        Assert.True(Compare(Answer("""{"a":1}"""), Answer("""{ "a" : 1 }""")).IsMatch);
        Assert.Equal(
            [new Difference("$", """{"a":1}""", """{ "a" : 1 }""")],
            Compare(Answer("""{"a":1}""", contentType: "text/plain"), Answer("""{ "a" : 1 }""", contentType: "text/plain")).Differences);
    }

    [Fact]
    public void A_long_body_that_is_not_json_shows_its_first_characters()
    {
        var v3 = new string('a', 10_000);
        var v4 = new string('a', 9_999) + "b";
        var difference = Assert.Single(Compare(Answer(v3, contentType: "text/csv"), Answer(v4, contentType: "text/csv")).Differences);

        Assert.Equal("$", difference.Path);
        Assert.Equal(new string('a', 119) + "…", difference.V3);
        Assert.Equal(difference.V3, difference.V4);
    }

    [Fact]
    public void Invalid_json_on_one_side_is_compared_as_bytes()
    {
        var result = Compare(Answer("""{"a":1}"""), Answer("""{"a":1"""));

        Assert.Equal([new Difference("$", """{"a":1}""", """{"a":1""")], result.Differences);
        Assert.True(Compare(Answer("""{"a":"""), Answer("""{"a":""")).IsMatch);
    }

    [Fact]
    public void Json_on_one_side_only_is_compared_as_bytes_besides_the_content_type()
    {
        var same = Compare(Answer("""{"a":1}"""), Answer("""{"a":1}""", contentType: "text/plain"));
        var spaced = Compare(Answer("""{"a":1}"""), Answer("""{ "a":1}""", contentType: "text/plain"));

        Assert.Equal(["(content-type)"], same.Differences.Select(d => d.Path));
        Assert.Equal(["(content-type)", "$"], spaced.Differences.Select(d => d.Path));
    }

    [Fact]
    public void Structured_json_media_types_are_json()
    {
        Assert.True(Compare(
            Answer("""{"title":"Not found","status":404}""", contentType: "application/problem+json"),
            Answer("""{"status":404,"title":"Not found"}""", contentType: "application/problem+json")).IsMatch);
    }

    [Fact]
    public void Empty_bodies_are_equal_and_an_empty_body_against_a_full_one_is_null_on_the_empty_side()
    {
        Assert.True(Compare(Answer(string.Empty), Answer(string.Empty)).IsMatch);
        Assert.True(Compare(Answer(string.Empty, status: 204, contentType: null), Answer(string.Empty, status: 204, contentType: null)).IsMatch);
        Assert.Equal([new Difference("$", null, "{}")], Compare(Answer(string.Empty), Answer("{}")).Differences);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_shown_with_replacement_characters()
    {
        var v3 = new ShadowAnswer(200, "application/octet-stream", new byte[] { 0xFF, 0x41 }, IsHead: false);
        var v4 = new ShadowAnswer(200, "application/octet-stream", new byte[] { 0xFF, 0x42 }, IsHead: false);

        Assert.Equal([new Difference("$", "\uFFFDA", "\uFFFDB")], Compare(v3, v4).Differences);
    }

    private static ShadowAnswer Answer(string body, int status = 200, string? contentType = Json, bool isHead = false) =>
        new(status, contentType, Encoding.UTF8.GetBytes(body), isHead);

    private static ComparisonResult Compare(
        ShadowAnswer v3, ShadowAnswer v4, ImmutableArray<JsonPathPattern> ignore = default, int maxDifferences = ResponseComparer.DefaultMaxDifferences) =>
        ResponseComparer.Compare(v3, v4, ignore.IsDefault ? [] : ignore, maxDifferences);
}
