'use strict';
/**
 * Optional custom domain per API stack, when the stage sets `domainName` and `hostedZoneId`
 * (a Route 53 public zone for that domain): `<service>.<domainName>` (e.g. auth-otp.api.example.com),
 * a DNS-validated ACM certificate (CloudFormation writes the validation record into the zone), a
 * regional API Gateway domain (TLS 1.2), the base path mapping to this stage, and an alias record.
 * One host per service keeps the stacks independent: no shared domain resource to deploy first.
 */
const { restApi } = require('./context.cjs');

function addCustomDomain(template, ctx) {
  const api = restApi(template);
  if (!api || !ctx.domainName || !ctx.hostedZoneId) return;
  const host = `${ctx.short}.${ctx.domainName}`;
  const r = template.Resources;
  r.ApiCertificate = {
    Type: 'AWS::CertificateManager::Certificate',
    Properties: {
      DomainName: host,
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: host, HostedZoneId: ctx.hostedZoneId }],
    },
  };
  r.ApiDomainName = {
    Type: 'AWS::ApiGateway::DomainName',
    Properties: {
      DomainName: host,
      RegionalCertificateArn: { Ref: 'ApiCertificate' },
      EndpointConfiguration: { Types: ['REGIONAL'] },
      SecurityPolicy: 'TLS_1_2',
    },
  };
  r.ApiBasePathMapping = {
    Type: 'AWS::ApiGateway::BasePathMapping',
    DependsOn: [api.deployment],
    Properties: { DomainName: { Ref: 'ApiDomainName' }, RestApiId: { Ref: api.id }, Stage: ctx.stage },
  };
  r.ApiDnsRecord = {
    Type: 'AWS::Route53::RecordSet',
    Properties: {
      HostedZoneId: ctx.hostedZoneId,
      Name: host,
      Type: 'A',
      AliasTarget: {
        DNSName: { 'Fn::GetAtt': ['ApiDomainName', 'RegionalDomainName'] },
        HostedZoneId: { 'Fn::GetAtt': ['ApiDomainName', 'RegionalHostedZoneId'] },
      },
    },
  };
  template.Outputs ??= {};
  template.Outputs.CustomDomainUrl = {
    Description: 'The API on its custom domain',
    Value: `https://${host}`,
  };
}

module.exports = { addCustomDomain };
