using System.Text;
using BenchmarkDotNet.Attributes;
using Clearance.Integrations.WeChat;

namespace Clearance.Benchmarks;

/// <summary>
/// The WeChat safe-mode protocol of one callback without HTTP and without the turn: what the MP webhook does before
/// and after the conversation pipeline. Baseline: the request's own signature check (three parts), the least any
/// callback costs. <c>dotnet run -c Release --project benchmarks/Clearance.Benchmarks -- --filter *MpProtocol*</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class MpProtocolBenchmarks
{
    private const string Token = "benchtoken";
    private const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private const string AppId = "wxbench0000000001";
    private const string Timestamp = "1780000000";
    private const string Nonce = "1372623149";

    private readonly WeChatMessageCrypto _crypto = new(Token, AesKey, AppId);
    private byte[] _body = [];
    private string _signature = "";
    private string _msgSignature = "";
    private string _reply = "";

    [GlobalSetup]
    public void Setup()
    {
        var inner = "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[o-bench-1]]></FromUserName>" +
                    $"<CreateTime>{Timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[退宿去哪里办]]></Content>" +
                    "<MsgId>8000000000000000001</MsgId></xml>";
        var encrypt = _crypto.Encrypt(inner);
        _body = Encoding.UTF8.GetBytes($"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>");
        _signature = WeChatSignature.Compute(Token, Timestamp, Nonce);
        _msgSignature = WeChatSignature.Compute(Token, Timestamp, Nonce, encrypt);
        _reply = new TextMessageReply("o-bench-1", "gh_bench", 1780000001,
            "退宿：到A区学生六公寓一楼宿管办办理，带好钥匙和校园卡。\n地点：A区学生六公寓一楼\n电话：023-65678114").ToXml();
    }

    [Benchmark(Baseline = true)]
    public bool SignatureOnly() => WeChatSignature.Matches(_signature, Token, Timestamp, Nonce);

    /// <summary>Signature, envelope XML, msg_signature, AES decryption with the AppID check, inner XML, typed event.</summary>
    [Benchmark]
    public WeChatCallbackEvent? Inbound()
    {
        if (!WeChatSignature.Matches(_signature, Token, Timestamp, Nonce)) return null;
        var envelope = WeChatXml.TryParse(_body)!;
        var encrypt = envelope["Encrypt"]!;
        if (!_crypto.VerifySignature(_msgSignature, Timestamp, Nonce, encrypt)) return null;
        var decrypted = _crypto.Decrypt(encrypt);
        return WeChatCallbackParser.Parse(WeChatXml.TryParse(decrypted.Message!)!);
    }

    /// <summary>The passive reply: AES encryption, signature, envelope XML.</summary>
    [Benchmark]
    public string Outbound() => _crypto.EncryptReply(_reply, Timestamp, Nonce).ToXml();

    /// <summary>The XML of one envelope alone, to see the parser's share.</summary>
    [Benchmark]
    public WeChatXmlFields? EnvelopeXmlOnly() => WeChatXml.TryParse(_body);
}
