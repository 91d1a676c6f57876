// The parts of an OpenAPI 3.1 document the merge reads or writes; everything else passes through.

export type JsonObject = { [key: string]: unknown };

export interface OpenApiTag extends JsonObject {
  name: string;
}

export interface OpenApiInfo extends JsonObject {
  title: string;
  version: string;
  description?: string;
}

export type SecurityRequirements = JsonObject[];

export interface OpenApiOperation extends JsonObject {
  operationId?: string;
  tags?: string[];
  security?: SecurityRequirements;
}

export type PathItem = JsonObject;

export interface OpenApiDocument extends JsonObject {
  openapi: string;
  info: OpenApiInfo;
  servers?: JsonObject[];
  security?: SecurityRequirements;
  tags?: OpenApiTag[];
  paths?: Record<string, PathItem>;
  webhooks?: Record<string, PathItem>;
  components?: Record<string, Record<string, unknown>>;
}

export { HTTP_METHODS } from '@pandapon/spec-model';
