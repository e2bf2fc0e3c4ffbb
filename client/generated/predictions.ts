// Generated from docs/openapi/predictions.json by `npm run generate`: do not edit.

export interface paths {
    "/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * P(win) of bids at their prices
         * @description Scores each bid with the current model: the probability that it wins (gets an impression) at its offered price. A body is one request or an array of 1 to 500; the answer keeps their order.
         */
        post: operations["predictWin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description A refused or failed request. `errors` lists every problem of a bad request. */
        Error: {
            /** @description What went wrong, in one sentence. */
            message: string;
            errors?: components["schemas"]["ValidationIssue"][];
        };
        /** @description One problem with the request; every problem is listed (up to 50). */
        ValidationIssue: {
            /** @description The record's position in a batch; null when the problem is with the body or a single record. */
            index: number | null;
            /** @description The field or parameter at fault; empty for the body as a whole. */
            path: string;
            /** @description What is wrong. */
            message: string;
        };
        /** @description A bid to score: its campaign, where it would show, its creative and its offered price. */
        PredictionRequest: {
            /** @description Campaign line item the bid belongs to. An integer, or its decimal string. */
            campaignItemId: number | string;
            /** @description Publisher domain, e.g. www.example.com. */
            domain?: string;
            /** @description Creative (ad) id. */
            creativeId?: string;
            /** @description Creative category. */
            creativeCategory?: string;
            /** @description The price offered by the bid, in micro-units of the account currency. */
            winPrice: number;
        };
        /** @description One prediction per request, in request order. */
        PredictionResponse: {
            predictions: components["schemas"]["Prediction"][];
        };
        /** @description P(win) of one bid at its price. */
        Prediction: {
            /** @description The probability that the bid wins. */
            score: number;
            /**
             * @description 1 when score ≥ 0.5.
             * @enum {integer}
             */
            predicted_label: 0 | 1;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    predictWin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description One prediction request or an array of 1 to 500. */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "campaignItemId": 1463517,
                 *       "domain": "www.google.com",
                 *       "creativeId": "b72897cb",
                 *       "creativeCategory": "finance",
                 *       "winPrice": 1500000
                 *     }
                 */
                "application/json": components["schemas"]["PredictionRequest"] | components["schemas"]["PredictionRequest"][];
            };
        };
        responses: {
            /** @description One prediction per request, in request order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PredictionResponse"];
                };
            };
            /** @description A bad request; `errors` lists every problem. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or invalid credentials (a SigV4 signature or an `x-api-key`), or an unknown route. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The stage is throttling requests; retry with backoff. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No model deployed yet, or the endpoint is unavailable; the message says which. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The function or API Gateway failed; retry later. */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
