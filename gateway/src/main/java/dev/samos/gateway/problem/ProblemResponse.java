package dev.samos.gateway.problem;

import dev.samos.api.Problem;
import dev.samos.value.ValueJson;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;

/** Writes a problem straight to the response, for the filters that answer before Spring MVC is reached. */
public final class ProblemResponse {

    private ProblemResponse() {
    }

    public static void write(HttpServletResponse response, Problem problem) throws IOException {
        response.setStatus(problem.status());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(ValueJson.mapper().writeValueAsString(problem));
    }
}
