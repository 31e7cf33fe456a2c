/** Which methods take an uploaded file: the schema's `input_pipes` flag, carried by the generated descriptions. */
import { apiDescriptionData, isApiVersion } from '../generated/index.js';

/** True when `method` of API `version` accepts an uploaded file (`POST /_upload`). */
export function takesUpload(version: string, method: string): boolean {
  if (!isApiVersion(version)) return false;
  return apiDescriptionData(version).methods[method]?.inputPipes === true;
}
