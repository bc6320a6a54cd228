/** The error codes the resource centre throws (public: the API sends them as `code`). */
export type ResourceErrorCode =
  | 'invalid_resource'
  | 'resource_file_type'
  | 'resource_file_empty'
  | 'resource_not_a_file'
  | 'resource_not_a_link'
  | 'resource_file_missing';

declare module '@maillage/platform' {
  interface DomainErrorCodes {
    resources: ResourceErrorCode;
  }
}
