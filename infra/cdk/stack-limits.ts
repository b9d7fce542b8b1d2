import { CfnResource, Stack } from 'aws-cdk-lib';

/** CloudFormation's limit on the resources of one template; a nested stack has a limit of its own. */
export const cloudFormationResourceLimit = 500;

/** The resources in a stack's own template (not in its nested stacks'), counted by type. */
export function resourceTypes(stack: Stack): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const construct of stack.node.findAll()) {
    if (!CfnResource.isCfnResource(construct) || Stack.of(construct) !== stack) continue;
    counts[construct.cfnResourceType] = (counts[construct.cfnResourceType] ?? 0) + 1;
  }
  return counts;
}

/**
 * Refuses to synthesise the stack once its template holds more resources than CloudFormation
 * takes, naming the types that fill it and what to do, rather than failing at deployment.
 * Checked after the app is prepared, so the cross-stack wiring and CDK metadata are counted.
 */
export function limitResources(stack: Stack, advice: string): void {
  stack.node.addValidation({
    validate: () => {
      const counts = resourceTypes(stack);
      const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
      if (total <= cloudFormationResourceLimit) return [];
      const types = Object.entries(counts)
        .sort(([, a], [, b]) => b - a)
        .map(([type, count]) => `${type.replace(/^AWS::/, '')} (${count})`)
        .join(', ');
      return [`${stack.node.path} has ${total} resources, over CloudFormation's ${cloudFormationResourceLimit}: ${types}. ${advice}`];
    },
  });
}
