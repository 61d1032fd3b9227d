// The baseline for `Clearance.Benchmarks load-peer`: npm wechat 2.1.0 on Express 4, set up as its README shows, in
// safe mode (EncodingAESKey) on the benchmark's demo account, one process, answering every message with one
// constant Chinese text. PORT comes from the environment; the account matches WebhookLoad's constants.
'use strict';
var express = require('express');
var wechat = require('wechat');

var config = {
  token: 'benchtoken',
  appid: 'wxbench0000000001',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  checkSignature: true
};

var app = express();
app.use(express.query());
app.use('/wechat', wechat(config, function (req, res, next) {
  res.reply('毕业离校手续请到学生事务中心办理，工作日上午九点至下午五点。');
}));

var port = Number(process.env.PORT || 3000);
app.listen(port, '127.0.0.1', function () {
  console.log('peer-wechat listening on 127.0.0.1:' + port);
});
