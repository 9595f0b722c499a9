using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Shadow;

public sealed class ResponseTeeTests
{
    [Fact]
    public async Task The_client_gets_every_byte_and_the_copy_holds_the_same()
    {
        var client = new MemoryStream();
        var tee = new ResponseTee(new StreamResponseBodyFeature(client), 1024);
        IHttpResponseBodyFeature feature = tee;
        await feature.Stream.WriteAsync(Encoding.UTF8.GetBytes("{\"id\":"), TestContext.Current.CancellationToken);
        feature.Stream.Write(Encoding.UTF8.GetBytes("7}"));
        await feature.Writer.WriteAsync(Encoding.UTF8.GetBytes(" "), TestContext.Current.CancellationToken);
        await feature.CompleteAsync();

        Assert.Equal("{\"id\":7} ", Encoding.UTF8.GetString(client.ToArray()));
        var (buffer, length) = tee.Detach();
        Assert.Equal("{\"id\":7} ", Encoding.UTF8.GetString(buffer, 0, length));
        Assert.False(tee.Overflowed);
    }

    [Fact]
    public async Task A_body_over_the_limit_still_reaches_the_client_whole_and_is_marked_not_comparable()
    {
        var client = new MemoryStream();
        var tee = new ResponseTee(new StreamResponseBodyFeature(client), 40_000);
        var chunk = new byte[16_384];
        Random.Shared.NextBytes(chunk);
        for (var i = 0; i < 3; i++)
        {
            await ((IHttpResponseBodyFeature)tee).Stream.WriteAsync(chunk, TestContext.Current.CancellationToken);
            Assert.Equal(i == 2, tee.Overflowed);
        }

        Assert.Equal(3 * chunk.Length, client.Length);
    }

    [Fact]
    public async Task A_body_that_grows_past_the_first_buffer_is_copied_in_order()
    {
        var tee = new ResponseTee(new StreamResponseBodyFeature(new MemoryStream()), 262_144);
        var expected = new byte[100_000];
        new Random(3).NextBytes(expected);
        for (var at = 0; at < expected.Length; at += 7_000)
        {
            await ((IHttpResponseBodyFeature)tee).Stream.WriteAsync(expected.AsMemory(at, Math.Min(7_000, expected.Length - at)), TestContext.Current.CancellationToken);
        }

        var (buffer, length) = tee.Detach();
        Assert.Equal(expected, buffer.AsSpan(0, length).ToArray());
    }
}
