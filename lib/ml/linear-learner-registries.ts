/*
 * ECR registries of SageMaker's built-in linear learner (image version 1), from the SageMaker Python
 * SDK's image_uri_config/linear-learner.json. The same image trains and serves the model. A region
 * missing here cannot run the pipeline; `npx sdp preflight` says so before a deploy.
 */
export const LINEAR_LEARNER_REGISTRIES: Readonly<Record<string, string>> = {
  'af-south-1': '455444449433',
  'ap-east-1': '286214385809',
  'ap-northeast-1': '351501993468',
  'ap-northeast-2': '835164637446',
  'ap-south-1': '991648021394',
  'ap-southeast-1': '475088953585',
  'ap-southeast-2': '712309505854',
  'ca-central-1': '469771592824',
  'cn-north-1': '390948362332',
  'cn-northwest-1': '387376663083',
  'eu-central-1': '664544806723',
  'eu-north-1': '669576153137',
  'eu-south-1': '257386234256',
  'eu-west-1': '438346466558',
  'eu-west-2': '644912444149',
  'eu-west-3': '749696950732',
  'me-south-1': '249704162688',
  'sa-east-1': '855470959533',
  'us-east-1': '382416733822',
  'us-east-2': '404615174143',
  'us-west-1': '632365934929',
  'us-west-2': '174872318107',
};
