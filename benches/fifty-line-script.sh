#!/usr/bin/env bash
# A 50-line CI deploy step: the input of the "map a 50-line script" figures
# (scripts/browser-bench.mjs in the page, benches/core.rs natively).
set -euo pipefail
export AWS_REGION=eu-west-1
npm ci
npm run build
aws sts get-caller-identity
aws s3 sync build/ "s3://$SITE_BUCKET/site/" --delete --exclude '*.map'
aws s3 cp build/index.html "s3://$SITE_BUCKET/site/index.html" --cache-control no-cache
aws s3 cp "s3://$ARTIFACTS/releases/$VERSION/app.zip" dist/app.zip
aws s3 ls "s3://$ARTIFACTS/releases/"
aws s3 rm "s3://$SITE_BUCKET/site/old/" --recursive
aws s3 mv "s3://$ARTIFACTS/incoming/app.zip" "s3://$ARTIFACTS/releases/$VERSION/app.zip"
aws s3api put-object-tagging --bucket "$ARTIFACTS" --key "releases/$VERSION/app.zip" \
  --tagging 'TagSet=[{Key=release,Value=yes}]'
aws s3api head-object --bucket "$ARTIFACTS" --key "releases/$VERSION/app.zip"
ID=$(aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION" \
  --paths '/site/*' --query Invalidation.Id --output text)
aws cloudfront wait invalidation-completed --distribution-id "$DISTRIBUTION" --id "$ID"
aws cloudfront get-distribution-config --id "$DISTRIBUTION"
aws lambda update-function-code --function-name "$FUNCTION" \
  --s3-bucket "$ARTIFACTS" --s3-key "releases/$VERSION/app.zip"
aws lambda wait function-updated --function-name "$FUNCTION"
aws lambda publish-version --function-name "$FUNCTION"
aws lambda update-alias --function-name "$FUNCTION" --name live --function-version 2
aws lambda invoke --function-name "$FUNCTION" out.json
aws dynamodb put-item --table-name "$TABLE" --item '{"id": {"S": "release"}}'
aws dynamodb get-item --table-name "$TABLE" --key '{"id": {"S": "release"}}'
aws dynamodb update-item --table-name "$TABLE" --key '{"id": {"S": "release"}}' \
  --update-expression 'SET v = :v' --expression-attribute-values '{":v": {"S": "1"}}'
aws sqs send-message --queue-url "https://sqs.eu-west-1.amazonaws.com/$ACCOUNT/deploys" \
  --message-body "deployed $VERSION"
aws sns publish --topic-arn "arn:aws:sns:eu-west-1:$ACCOUNT:deploys" --message done
aws ssm get-parameter --name /app/prod/db-url --with-decryption
aws ssm put-parameter --name /app/prod/version --value "$VERSION" --overwrite
aws secretsmanager get-secret-value --secret-id prod/app/token
aws logs create-log-stream --log-group-name /ci/deploys --log-stream-name "$VERSION"
aws logs put-log-events --log-group-name /ci/deploys --log-stream-name "$VERSION" \
  --log-events "timestamp=1,message=deployed"
aws ecr get-login-password --region eu-west-1 | docker login --username AWS \
  --password-stdin "$ACCOUNT.dkr.ecr.eu-west-1.amazonaws.com"
docker build -t app .
docker tag app "$ACCOUNT.dkr.ecr.eu-west-1.amazonaws.com/app:$VERSION"
docker push "$ACCOUNT.dkr.ecr.eu-west-1.amazonaws.com/app:$VERSION"
aws ecs update-service --cluster prod --service app --force-new-deployment
aws ecs wait services-stable --cluster prod --services app
aws cloudformation deploy --stack-name app-prod --template-file template.yml \
  --capabilities CAPABILITY_IAM
aws cloudformation describe-stacks --stack-name app-prod
echo "deployed $VERSION"
