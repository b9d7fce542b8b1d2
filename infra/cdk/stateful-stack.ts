import { Aws, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { table as definition } from '../../functions/db/table.ts';
import { imageObjectKey } from '../../functions/storage/images.ts';

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

/**
 * What outlives every deployment: the single table, built from the same definition DynamoDB
 * Local uses (retained, protected from deletion, restorable to any second of the last 35 days);
 * the images providers upload; and the app secret, which signs sessions (a new one would sign
 * everybody out).
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly images: s3.Bucket;
  readonly appSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: stringKey(definition.partitionKey),
      sortKey: stringKey(definition.sortKey),
      billing: dynamodb.Billing.onDemand(),
      globalSecondaryIndexes: Object.entries(definition.globalIndexes).map(([indexName, keys]) => ({
        indexName,
        partitionKey: stringKey(keys.partitionKey),
        sortKey: stringKey(keys.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      timeToLiveAttribute: definition.timeToLiveAttribute,
      dynamoStream: dynamodb.StreamViewType[definition.stream],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Uploads are data: offerings point at them, so they stay when a stack goes. Private; the
    // site serves them through CloudFront (web stack) at the same path as their key.
    this.images = new s3.Bucket(this, 'Images', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudFront's origin access control reads images here. Naming the one distribution would make
    // this stack depend on the web stack, which depends on this one; any distribution of this
    // account may read instead, which reveals nothing: every image is public on the site anyway.
    this.images.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudFrontReadsImages',
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [this.images.arnForObjects(imageObjectKey('*'))],
        conditions: { ArnLike: { 'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/*` } },
      }),
    );

    this.appSecret = new secretsmanager.Secret(this, 'AppSecret', {
      description: "Tarjotin: signs sessions and the web app's forwarded client addresses",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
