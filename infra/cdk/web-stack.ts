import { Annotations, CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigatewayv2';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { readdirSync } from 'node:fs';
import { ApiFunction } from './constructs/api-function.ts';
import { viewerAddressHeader } from './web-lambda/events.ts';
import { assertWebBuild, webBuildDir, webClientDir, webServerBuildDir } from './paths.ts';

export type WebStackProps = StackProps & {
  api: IHttpApi;
  /** Uploaded images (stateful stack), served at /images/*. */
  images: s3.IBucket;
  /** The web app signs the visitor addresses it forwards to the API with it. */
  appSecret: ISecret;
  /** The adapter-node output whose client/ folder goes to S3; TARJOTIN_WEB_BUILD or web/build. */
  webBuild?: string;
  /** Where bundleWebServer() wrote the server bundle. */
  serverDir?: string;
};

// CloudFront allows 25 cache behaviours per distribution unless the quota is raised.
const maxStaticPatterns = 20;

/** Served from the images bucket; the client build must not have a top-level folder of this name. */
export const uploadedImagesPattern = '/images/*';

/**
 * Path patterns for everything the client build holds at its top level (_app, favicon,
 * robots.txt, image folders...), read from the build so that no static file falls through to
 * the server and no pattern is kept by hand.
 */
export function staticPathPatterns(clientDir: string): string[] {
  const patterns = readdirSync(clientDir, { withFileTypes: true })
    .filter(({ name }) => (!name.startsWith('.') || name === '.well-known') && !/\.(gz|br)$/.test(name))
    .map((entry) => (entry.isDirectory() ? `/${entry.name}/*` : `/${entry.name}`))
    .sort();
  if (patterns.includes(uploadedImagesPattern)) {
    throw new Error(`${clientDir} has an images/ folder, but ${uploadedImagesPattern} serves uploaded images; rename the folder.`);
  }
  if (patterns.length > maxStaticPatterns) {
    throw new Error(`${clientDir} has ${patterns.length} top-level entries; move static files into a folder.`);
  }
  return patterns;
}

/** apiEndpoint is https://<id>.execute-api.<region>.amazonaws.com; an origin wants the host. */
const hostOf = (endpoint: string) => Fn.select(2, Fn.split('/', endpoint));

/**
 * The public site: one CloudFront distribution in front of the SvelteKit server (a Lambda
 * behind its own HTTP API), the static build in a private bucket, and the HTTP API
 * under /api/, so pages, assets and API share one origin.
 */
export class WebStack extends Stack {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const buildDir = props.webBuild ?? webBuildDir();
    assertWebBuild(buildDir);
    const clientDir = webClientDir(buildDir);

    const server = new ApiFunction(this, 'Server', {
      codeDir: props.serverDir ?? webServerBuildDir,
      // A dynamic reference, resolved by CloudFormation, as for the API's functions.
      environment: { API_URL: props.api.apiEndpoint, APP_SECRET: props.appSecret.secretValue.unsafeUnwrap() },
    }).function;
    // Through its own HTTP API rather than a function URL: CloudFront's origin access control
    // on a function URL refuses any POST without a body hash header, which no HTML form sends,
    // and every form here must work without JavaScript. The event format (payload v2) is the same.
    const serverApi = new apigateway.HttpApi(this, 'ServerApi', {
      description: 'Tarjotin SvelteKit server, behind CloudFront',
      defaultIntegration: new HttpLambdaIntegration('Server', server),
    });

    const assets = new s3.Bucket(this, 'Assets', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      // Nothing here that the next build cannot recreate.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });

    // API Gateway sees its own host; SvelteKit needs the public one for absolute URLs and
    // its same-origin check on form posts. Set here, a viewer cannot forge it.
    const forwardHost = new cloudfront.Function(this, 'ForwardHost', {
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(
        // The viewer's address too, in a header of our own that overwrites whatever the viewer
        // sent: CloudFront's own CloudFront-Viewer-Address is not among the headers the
        // origin request policy below is sure to forward.
        `function handler(event) { var request = event.request; request.headers['x-forwarded-host'] = { value: request.headers.host.value }; request.headers['${viewerAddressHeader}'] = { value: event.viewer.ip }; return request; }`,
      ),
    });

    const staticFiles: cloudfront.BehaviorOptions = {
      origin: origins.S3BucketOrigin.withOriginAccessControl(assets),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      // Honours each object's Cache-Control, set per file kind by the deployments below.
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: securityHeaders,
    };

    // The images bucket lives in the stateful stack, whose policy lets CloudFront read images/*.
    // Imported by attributes so that origin access control does not try to add that statement
    // itself, naming this distribution from the other stack: the two stacks would depend on each other.
    const images = s3.Bucket.fromBucketAttributes(this, 'Images', {
      bucketArn: props.images.bucketArn,
      bucketRegionalDomainName: props.images.bucketRegionalDomainName,
    });
    Annotations.of(this).acknowledgeWarning(
      '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
      "The images bucket's own policy (stateful stack) grants CloudFront read access to images/*",
    );
    // Each image is stored once under a new name and never changed: its object says cache a year.
    const uploadedImages: cloudfront.BehaviorOptions = { ...staticFiles, origin: origins.S3BucketOrigin.withOriginAccessControl(images) };

    // CloudFront caches only GET and HEAD, so writes always reach the API. Reads are cached for
    // as long as the API's Cache-Control allows (no-store, the default, means not at all), in
    // one copy per query string and language since answers are worded in the request's language.
    const apiCache = new cloudfront.CachePolicy(this, 'ApiCache', {
      comment: "Tarjotin API: the API's Cache-Control, keyed by query string and Accept-Language",
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Accept-Language'),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    // Host is deliberately not forwarded: API Gateway routes on its own host name.
    const apiRequests = new cloudfront.OriginRequestPolicy(this, 'ApiRequests', {
      comment: 'Tarjotin API: query strings and Accept-Language',
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList('Accept-Language'),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Tarjotin',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // Edge locations in Europe and North America: the users are in Finland.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: new origins.HttpOrigin(hostOf(serverApi.apiEndpoint), {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        // Pages are personal (cookies, language), so never shared; every viewer header but Host
        // (which API Gateway must see as its own) goes through, which includes query
        // strings, cookies, Accept-Language, Origin and the viewer's address set by forwardHost.
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [{ function: forwardHost, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new origins.HttpOrigin(hostOf(props.api.apiEndpoint), {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
          cachePolicy: apiCache,
          originRequestPolicy: apiRequests,
          responseHeadersPolicy: securityHeaders,
        },
        ...Object.fromEntries(staticPathPatterns(clientDir).map((pattern) => [pattern, staticFiles])),
        [uploadedImagesPattern]: uploadedImages,
      },
    });

    // Precompressed copies are left out: CloudFront compresses on its own.
    const client = s3deploy.Source.asset(clientDir, { exclude: ['**/*.gz', '**/*.br'] });
    // Hashed file names never change content, so browsers and CloudFront keep them for a year.
    // Old ones are not pruned: pages rendered before a deployment still ask for them.
    const immutableAssets = new s3deploy.BucketDeployment(this, 'ImmutableAssets', {
      sources: [client],
      destinationBucket: assets,
      exclude: ['*'],
      include: ['_app/immutable/*'],
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
      prune: false,
    });
    // Everything else (favicon, _app/version.json, ...) keeps its name across builds, so every
    // use revalidates.
    new s3deploy.BucketDeployment(this, 'MutableAssets', {
      sources: [client],
      destinationBucket: assets,
      exclude: ['_app/immutable/*'],
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=0, must-revalidate')],
      prune: false,
    });
    // A new server renders pages that reference the new build's chunks: upload them first.
    server.node.addDependency(immutableAssets);

    new CfnOutput(this, 'SiteUrl', {
      value: `https://${this.distribution.distributionDomainName}`,
      description: 'CloudFront URL of the site',
    });
  }
}
